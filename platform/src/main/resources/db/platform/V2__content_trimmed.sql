-- The 8 dihedral PDQ hashes of the picture with its uniform borders trimmed (SignalSets.forMatching),
-- comma-separated, when the content has borders: a report of the unframed picture finds it.
alter table content add column trimmed varchar(600);
