"""helpcenter: static, multilingual help centers from Markdown, informed by ticket exports."""

__version__ = "0.1.0"
