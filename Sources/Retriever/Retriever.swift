/// Hybrid dense + BM25 retrieval, prompt composition and citation checks (issue 6 fills this module in).
public enum Retriever {}
