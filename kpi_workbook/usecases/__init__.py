"""The use cases both front ends call: check and merge (more follow).
"""
