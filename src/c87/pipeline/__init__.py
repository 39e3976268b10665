"""Whole jobs: convert one letter or a folder of them, load them into a store, validate files.

Owns the batch (walk, parallel workers, manifest, report; on a Dask cluster in
``cluster``, which alone imports Dask, and only when asked to), the path from inputs to store
graphs, the detection of what kind of file a path holds, and the scorer (``score``): an
extraction against an answer key, or against a reviewed facts document.

May import: c87.output, c87.store, c87.mapper, c87.input, c87.ontology, c87.model, c87.errors.
"""
