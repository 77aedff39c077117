-- A digest of the configuration last stored for each installation at the secrets service (never the
-- configuration itself): ApplyInstallation stores it again only when the digest changes.
ALTER TABLE installations ADD COLUMN configuration_digest text;
