"""lectern: an annotated reader, as plain modules that any static site generator can drive.

Data flows one way: ``corpus`` (load and validate) → ``render`` (pages and API) → ``publish.plan``,
which an adapter such as the MkDocs plugin (``lectern.mkdocs_plugin``) hands to its generator.
"""
