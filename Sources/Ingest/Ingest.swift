/// Scanning folders, parsing notes and chunking them for the embedder (issue 3 fills this module in).
public enum Ingest {}
