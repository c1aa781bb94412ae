"""huyu_xlsx: monthly supervision workbooks for the 沪滇 cooperation plan."""
__version__ = "0.1.0"
