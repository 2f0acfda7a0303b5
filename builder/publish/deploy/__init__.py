"""`deploy`: send a built site to a host, only what changed, with a manifest on the target.

target.py parses the TARGET address; plan.py compares the site with the manifest and orders
the work; engine.py carries a plan out through one transport (sftp.py, ftp.py, s3.py,
git_branch.py), which knows only how to read, write and delete files under its path.
"""
