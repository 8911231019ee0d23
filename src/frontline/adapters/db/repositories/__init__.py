"""SQLAlchemy implementations of the repository Protocols in ``frontline.service.ports``."""
