-- A reminder gives a fresh link without ending the earlier one: both hashes
-- lead to the same invitation. Only hashes are stored.
CREATE TABLE token_aliases (
    alias_hash  TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL
);
