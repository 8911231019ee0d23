"""Live operation rules: interactions and their messages, dispositions, and how the
organisation's queues and agents become the routing engine's configuration.

Pure code: the live routing service (``frontline.service.live``) drives it with wall-clock time.
"""
