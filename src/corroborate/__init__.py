"""corroborate: from the whole coverage of a news story to a dossier that cites its sources."""

__version__ = "0.1.0"
