"""The email format: the MIME message (``renderer``) and the safety of its headers (``headers``)."""
