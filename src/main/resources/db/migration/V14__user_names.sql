-- A user name is 2 to 64 of a-z, 0-9, '.', '_' and '-', starting with a letter or a digit: ASCII only,
-- already lower-case. Logins read a typed name into this form (NFKC, trimmed, only A-Z folded) and look
-- it up by exact match, so that the login, the lookup and the lock agree on who was meant; PostgreSQL's
-- lower() folds letters that are not the same name (İ into i). Users were only ever created in this
-- form, so existing rows already comply. The letters are listed rather than written as a range, whose
-- meaning PostgreSQL's documentation leaves to the collation. The unique index on lower(username)
-- stays: on these names it is the same as a unique name.
alter table app_user add constraint app_user_username_valid check (
    username ~ '^[abcdefghijklmnopqrstuvwxyz0123456789][abcdefghijklmnopqrstuvwxyz0123456789._-]{1,63}$');
