"""The MkDocs plugin ``lectern`` (entry point ``mkdocs.plugins``): the only part of the package
that imports MkDocs. :mod:`.config` declares its options, :mod:`.plugin` hands MkDocs' events to
the core (:mod:`lectern.publish` for a corpus, :mod:`lectern.pageaids` for the site's own pages).
"""
