-- Indexes for two scans that grew with their tables. The scheduler looks for unfinished workflows
-- past their timeout at least once a second per replica (schedule/workflow-timeouts.ts: the same
-- status list as the predicate, so the planner can use it); deleting a blob sets files.blob_id to
-- NULL (ON DELETE SET NULL), which without an index scans every file.
CREATE INDEX workflows_unfinished_timeout ON workflows (timeout_at)
  WHERE status IN ('pending', 'in_progress', 'listening', 'paused');
CREATE INDEX files_blob ON files (blob_id) WHERE blob_id IS NOT NULL;
