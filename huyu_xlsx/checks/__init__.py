"""Findings (the code catalogue) and the rules that judge figures and deadlines."""
