-- Issue 13: a second reminder to the same person within the configured
-- period is refused (the day of the last reminder, no exact time), and an
-- address is invited once per wave and institution: the unique index lets
-- an e-mail list be written in short batches (ON CONFLICT DO NOTHING)
-- instead of one long transaction that compared every address with every
-- other. Duplicates from before (two uploads at once) keep their links but
-- lose the address, so only the first invitation gets reminders.
ALTER TABLE invitations ADD COLUMN reminded_on TEXT;
UPDATE invitations SET email = NULL
    WHERE email IS NOT NULL
    AND id NOT IN (SELECT MIN(id) FROM invitations WHERE email IS NOT NULL
                   GROUP BY wave_id, institution_code, email);
CREATE UNIQUE INDEX invitations_email ON invitations (wave_id, institution_code, email);
