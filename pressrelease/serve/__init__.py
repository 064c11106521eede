"""``pressrelease serve`` (and its alias ``preview``): the newsroom built and served on localhost, live.

``server`` (127.0.0.1 only, Host check, bounded connections, idle timeout),
``static`` (which file a URL names, safely), ``epochs`` (the build epoch, its
snapshot, the lock pages are read under), ``site`` (the incremental build
and what it left), ``watcher`` (which saves matter), ``inject`` and
``views`` (what the preview adds to pages, its own pages), ``handler`` (the
routes), ``session`` (all of it, until interrupted).
"""
