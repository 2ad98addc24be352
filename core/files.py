"""File modes for what only the site's own user may read: senders' attachments, backups."""

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700
