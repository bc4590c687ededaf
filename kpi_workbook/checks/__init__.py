"""Checks on in-memory submissions: one file (submission) and across files (across_files).
"""
