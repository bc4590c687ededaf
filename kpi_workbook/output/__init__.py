"""Writing output files safely: atomically, never over a file being read.
"""
