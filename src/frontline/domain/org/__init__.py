"""The organisation model: who works here, what they may do, what they serve and for whom.

Pure rules only: entities, value objects and the role → permission table. Storage, HTTP and
password hashing live in outer layers and call in here.
"""
