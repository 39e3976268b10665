"""Facts -> files: the facts document, RDF, the complaint as XML, HTML and PDF.

The writers (``facts``, ``rdf`` with ``graph``, ``summary`` and ``rdf_syntax``,
``complaint`` with ``xmltree``, ``pdf``), the checks a document passes before it is
written (``checks``) and the safe writing of files (``files``). Not the triple stores:
``c87.store`` loads what is written here.

May import: c87.mapper, c87.input, c87.ontology, c87.model, c87.errors.
"""
