"""The month's documents in Word: the 通报 or 报告 as a 公文 (GB/T 9704-2012), a 督办单 per unit,
and the 催报通知."""
from .month import ORDERS_FOLDER, MonthDocuments, write_documents
from .official import DocOptions

__all__ = ["ORDERS_FOLDER", "DocOptions", "MonthDocuments", "write_documents"]
