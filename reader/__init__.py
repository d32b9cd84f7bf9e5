"""Report reader: paste an Arabic (or English) report, get places, dates, counts and drafts.

``read_report(text, publication_date=..., outlet=...)`` returns a :class:`Reading`;
``highlight_html(reading, gazetteer)`` renders the text with the findings marked; ``sentences_html`` a
draft's own sentences.
Nothing is ever saved here: drafts are plain records for the analyst to edit.
"""
from reader.exc import ReaderError, ReaderValueError
from reader.highlight import highlight_html, sentences_html
from reader.reading import Reading, parse_publication_date, read_report

__all__ = ["Reading", "ReaderError", "ReaderValueError", "highlight_html", "parse_publication_date", "sentences_html", "read_report"]
