"""c87: letters denouncing violations of trade union rights, turned into evidence.

The package has four parts: ``input`` reads letters and facts files, ``mapper``
turns a letter's text into a facts document, ``ontology`` holds the vocabularies as
data, and ``output`` writes RDF, complaint XML and triple stores.
"""

__version__ = "0.1.0"
