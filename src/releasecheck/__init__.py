"""releasecheck: transparent, reproducible release-tier decisions for AI models."""

__version__ = "0.1.0"
