"""extract: Russian regional reports on international events turned into clean, evaluated data."""
__version__ = "0.1.0"
