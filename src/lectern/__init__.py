"""lectern: an annotated reader, as plain modules that any static site generator can drive.

Data flows one way: ``corpus`` (load and validate) → ``render`` (pages and API) → ``publish.plan``,
which an adapter such as ``hooks/lectern_mkdocs.py`` hands to its generator.
"""
