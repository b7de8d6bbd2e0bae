import Foundation
import Ingest
import Retriever

/// The `components` of the OpenAPI document: the request bodies with the limits the server
/// checks (from the same constants), the bodies it answers with (the CLI's `--json` reports, in
/// snake_case; an absent optional field is left out), and the error responses.
enum OpenAPISchemas {
    private static let ask = AskSettings()

    /// A nullable whole number within `range`: null takes the default.
    private static func integer(_ range: ClosedRange<Int>) -> String {
        #"{"type": ["integer", "null"], "minimum": \#(range.lowerBound), "maximum": \#(range.upperBound)}"#
    }

    private static let temperature = #"""
        {"type": ["number", "null"], "minimum": \#(Int(AskSettings.temperatureRange.lowerBound)), "maximum": \#(Int(AskSettings.temperatureRange.upperBound))}
        """#

    /// A JSON body as an error: `{"error": "..."}`, or OpenAI's shape.
    private static func error(_ description: String, openAI: Bool = false, headers: String = "") -> String {
        let schema = openAI ? "OpenAIError" : "Error"
        return ##"{"description": "\##(description)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/\##(schema)"}}}\##(headers)}"##
    }

    /// A Server-Sent Event named `name` (or unnamed) whose data is the JSON of `schema`.
    private static func event(_ name: String?, _ schema: String) -> String {
        // An unnamed event is a "message" event to a reader (the SSE specification's default).
        let named = name.map { ##"{"const": "\##($0)"}"## } ?? ##"{"const": "message"}"##
        return ##"""
            {"type": "object", "required": ["data"\##(name == nil ? "" : ", \"event\"")], "properties": {"event": \##(named), "data": {"type": "string", "contentMediaType": "application/json", "contentSchema": {"$ref": "#/components/schemas/\##(schema)"}}}}
            """##
    }

    private static let retryAfter = #", "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "string"}}}"#
    private static let challenge = #", "headers": {"WWW-Authenticate": {"schema": {"const": "Bearer"}}}"#
    private static let tooLarge = "The body is larger than \(RequestLimits.bodyBytes / 1024) KiB"

    static let components = #"""
        {
          "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "The --token given to rag serve (or $RAG_TOKEN)"}},
          "responses": {
            "BadRequest": \#(error("A parameter or the JSON body is wrong; the message names it")),
            "NoStore": \#(error("Nothing ingested yet")),
            "TooLarge": \#(error(tooLarge)),
            "NotJSON": \#(error("The body is not sent as Content-Type: application/json")),
            "Busy": \#(error("The queue of questions is full, another writer holds the store, or the server is stopping", headers: retryAfter)),
            "Unauthorized": \#(error("No token, or the wrong one", headers: challenge)),
            "Forbidden": \#(error("Addressed to a host name that is not loopback (without --token)")),
            "OpenAIBadRequest": \#(error("A field of the body is wrong", openAI: true)),
            "OpenAIUnknownModel": \#(error("No such model: see GET /v1/models", openAI: true)),
            "OpenAITooLarge": \#(error(tooLarge, openAI: true)),
            "OpenAINotJSON": \#(error("The body is not sent as Content-Type: application/json", openAI: true)),
            "OpenAIBusy": \#(error("The queue of questions is full, or the server is stopping", openAI: true, headers: retryAfter)),
            "OpenAIUnauthorized": \#(error("No token, or the wrong one", openAI: true, headers: challenge)),
            "OpenAIForbidden": \#(error("Addressed to a host name that is not loopback (without --token)", openAI: true))
          },
          "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string", "minLength": 1}}},
            "OpenAIError": {
              "type": "object", "required": ["error"],
              "properties": {"error": {"type": "object", "required": ["message", "type"], "properties": {"message": {"type": "string"}, "type": {"type": "string"}, "param": {"type": ["string", "null"]}, "code": {"type": ["string", "null"]}}}}
            },
            "AskRequest": {
              "type": "object", "required": ["question"],
              "properties": {
                "question": {"type": "string", "pattern": "\\S", "description": "Not only white space"},
                "k": \#(integer(AskSettings.kRange)),
                "max_tokens": \#(integer(1...ask.mostAnswerTokens)),
                "temperature": \#(temperature),
                "style": {"type": ["string", "null"], "enum": \#(OpenAPI.names(AnswerStyle.allCases.map(\.rawValue), orNull: true)), "default": "copied"},
                "in": {"type": ["array", "null"], "items": {"type": "string"}, "description": "Only the notes under these folders or path prefixes; one that holds no note gives no passages (not in the notes)"}
              }
            },
            "AskText": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
            "ChatTurnRequest": {
              "description": "An AskRequest that joins a conversation. Its in, when given, is the conversation's scope from this turn on (an empty list: all the notes again); without it the scope stays",
              "allOf": [{"$ref": "#/components/schemas/AskRequest"}],
              "type": "object",
              "properties": {"conversation": {"type": ["integer", "null"], "format": "int64", "description": "The conversation to go on with; absent or null starts one"}}
            },
            "ConversationStarted": {
              "type": "object", "required": ["id", "searched_as"],
              "properties": {
                "id": {"type": "integer", "format": "int64", "description": "The conversation: send it with the next question"},
                "searched_as": {"type": "string", "description": "The question as it was searched: with the topic of the turn before when it leans on it, else as asked"}
              }
            },
            "ChatTurnEvent": {
              "description": "One Server-Sent Event of POST /v1/chat: its name, and its data as JSON",
              "oneOf": [\#(event("conversation", "ConversationStarted")), \#(event("text", "AskText")), \#(event("answer", "Answer")), \#(event("error", "Error"))]
            },
            "Conversation": {
              "type": "object", "required": ["id", "scope", "turns"],
              "properties": {
                "id": {"type": "integer", "format": "int64"},
                "scope": {"type": "array", "items": {"type": "string"}, "description": "The folders or path prefixes its questions were asked within; empty for all notes"},
                "turns": {
                  "type": "array",
                  "items": {
                    "type": "object", "required": ["question", "searched_as", "answer", "asked_at", "forgotten"],
                    "properties": {
                      "question": {"type": "string"},
                      "searched_as": {"type": "string", "description": "The query retrieval ran: the question, or the question with the topic it refers to"},
                      "answer": {"$ref": "#/components/schemas/Answer"},
                      "asked_at": {"type": "number", "description": "Seconds since 1970"},
                      "forgotten": {"type": "array", "items": {"type": "integer"}, "description": "Numbers of the sources whose note has since been forgotten"}
                    }
                  }
                }
              }
            },
            "DocumentList": {
              "type": "object", "required": ["documents"],
              "properties": {
                "documents": {
                  "type": "array",
                  "items": {
                    "type": "object", "required": ["path", "title", "format", "chunks", "ingested_at"],
                    "properties": {
                      "path": {"type": "string"}, "title": {"type": "string"}, "format": {"type": "string"}, "chunks": {"type": "integer"},
                      "ingested_at": {"type": "number", "description": "Seconds since 1970"}
                    }
                  }
                }
              }
            },
            "AskEvent": {
              "description": "One Server-Sent Event of POST /v1/ask: its name, and its data as JSON",
              "oneOf": [\#(event("text", "AskText")), \#(event("answer", "Answer")), \#(event("error", "Error"))]
            },
            "ChatEvent": {
              "description": "One Server-Sent Event of a streamed chat completion: a ChatChunk, an error, or the closing [DONE]",
              "oneOf": [
                {"type": "object", "required": ["data"], "properties": {"event": {"const": "message"}, "data": {"const": "[DONE]"}}},
                \#(event(nil, "ChatChunk")), \#(event(nil, "OpenAIError"))
              ]
            },
            "IngestRequest": {
              "type": "object", "required": ["paths"],
              "properties": {"paths": {"type": "array", "minItems": 1, "maxItems": \#(IngestRoots.limit), "items": {"type": "string", "pattern": "^/", "description": "An absolute path inside an --ingest-root"}}}
            },
            "Lines": {
              "type": "object", "required": ["path", "heading", "line_start", "line_end"],
              "properties": {
                "path": {"type": "string"}, "heading": {"type": "string"}, "line_start": {"type": "integer"}, "line_end": {"type": "integer"},
                "page_start": {"type": "integer", "minimum": 1}, "page_end": {"type": "integer", "minimum": 1}
              }
            },
            "SearchReport": {
              "type": "object", "required": ["query", "mode", "results"],
              "properties": {
                "query": {"type": "string"}, "mode": {"enum": \#(OpenAPI.names(RetrievalMode.allCases.map(\.rawValue)))},
                "results": {"type": "array", "items": {
                  "allOf": [{"$ref": "#/components/schemas/Lines"}],
                  "type": "object", "required": ["rank", "chunk_id", "score", "text"],
                  "properties": {"rank": {"type": "integer", "minimum": 1}, "chunk_id": {"type": "integer"}, "score": {"type": "number"}, "text": {"type": "string"}}
                }}
              }
            },
            "ChunkReport": {
              "allOf": [{"$ref": "#/components/schemas/Lines"}],
              "type": "object", "required": ["chunk_id", "ordinal", "tokens", "overlap", "text"],
              "properties": {"chunk_id": {"type": "integer"}, "ordinal": {"type": "integer"}, "tokens": {"type": "integer"}, "overlap": {"type": "integer"}, "text": {"type": "string"}}
            },
            "StoreStats": {
              "type": "object", "required": ["documents", "chunks", "vectors", "index_type", "index_choice", "dimension", "generation", "schema", "models", "bytes_on_disk"],
              "properties": {
                "documents": {"type": "integer"}, "chunks": {"type": "integer"}, "vectors": {"type": "integer"}, "index_type": {"enum": ["flat", "hnsw", "ivf"]},
                "index_choice": {"enum": ["size", "fixed"], "description": "size: the store picks flat or HNSW by its size at every commit; fixed: set by rag rebuild --index"},
                "dimension": {"type": "integer"}, "generation": {"type": "integer"}, "schema": {"type": "string"},
                "models": {"type": "object", "additionalProperties": {"type": "string"}}, "bytes_on_disk": {"type": "integer"},
                "last_ingest": {"type": "number", "description": "Seconds since 1970"}
              }
            },
            "IngestReport": {
              "type": "object",
              "required": ["added", "changed", "renamed", "removed", "unchanged", "failed", "chunks_embedded", "chunks_reused", "seconds", "embed_seconds", "warnings"],
              "properties": {
                "added": {"type": "integer"}, "changed": {"type": "integer"}, "renamed": {"type": "integer"}, "removed": {"type": "integer"},
                "unchanged": {"type": "integer"}, "failed": {"type": "integer"}, "chunks_embedded": {"type": "integer"}, "chunks_reused": {"type": "integer"},
                "seconds": {"type": "number"}, "embed_seconds": {"type": "number"},
                "warnings": {"type": "array", "items": {"type": "object", "required": ["path", "reason"], "properties": {"path": {"type": "string"}, "reason": {"type": "string"}}}}
              }
            },
            "Answer": {
              "type": "object",
              "required": ["question", "kind", "answer", "citations", "unsupported", "passages", "dropped", "prompt_tokens", "answer_tokens", "timings"],
              "properties": {
                "question": {"type": "string"},
                "kind": {"enum": ["copied", "generated", "extractive", "not_in_notes"]},
                "why_not_in_notes": {"type": "string"},
                "answer": {"type": "string"},
                "quote": {
                  "type": "object", "required": ["text", "n", "path", "line_start", "line_end"],
                  "properties": {
                    "text": {"type": "string"}, "n": {"type": "integer", "minimum": 1}, "path": {"type": "string"}, "line_start": {"type": "integer"}, "line_end": {"type": "integer"},
                    "page_start": {"type": "integer", "minimum": 1}, "page_end": {"type": "integer", "minimum": 1}
                  }
                },
                "citations": {"type": "array", "items": {
                  "allOf": [{"$ref": "#/components/schemas/Lines"}], "type": "object", "required": ["n", "chunk_id", "chunk_ids", "added"],
                  "properties": {"n": {"type": "integer", "minimum": 1}, "chunk_id": {"type": "integer"}, "chunk_ids": {"type": "array", "items": {"type": "integer"}}, "added": {"type": "boolean"}}
                }},
                "unsupported": {"type": "array", "items": {
                  "type": "object", "required": ["sentence", "cited", "reason"],
                  "properties": {"sentence": {"type": "string"}, "cited": {"type": "array", "items": {"type": "integer"}}, "reason": {"type": "string"}}
                }},
                "passages": {"type": "array", "items": {
                  "allOf": [{"$ref": "#/components/schemas/Lines"}], "type": "object", "required": ["n", "chunk_ids", "score", "text", "tokens"],
                  "properties": {"n": {"type": "integer", "minimum": 1}, "chunk_ids": {"type": "array", "items": {"type": "integer"}}, "score": {"type": "number"}, "similarity": {"type": "number"}, "text": {"type": "string"}, "tokens": {"type": "integer"}}
                }},
                "dropped": {"type": "array", "items": {"type": "object", "required": ["path", "heading", "reason"], "properties": {"path": {"type": "string"}, "heading": {"type": "string"}, "reason": {"type": "string"}}}},
                "prompt_tokens": {"type": "integer", "minimum": 0}, "answer_tokens": {"type": "integer", "minimum": 0},
                "stop": {"type": "string"},
                "timings": {"type": "object", "additionalProperties": {"type": "number"}, "required": ["retrieve_ms", "prompt_ms", "prefill_ms", "decode_ms", "ttft_ms", "check_ms"]}
              }
            },
            "ModelList": {
              "type": "object", "required": ["object", "data"],
              "properties": {"object": {"const": "list"}, "data": {"type": "array", "items": {
                "type": "object", "required": ["id", "object", "created", "owned_by"],
                "properties": {"id": {"enum": ["\#(OpenAI.chatModel)", "\#(OpenAI.embeddingModel)"]}, "object": {"const": "model"}, "created": {"type": "integer"}, "owned_by": {"type": "string"}}
              }}}
            },
            "EmbeddingRequest": {
              "type": "object", "required": ["input"],
              "properties": {
                "model": {"enum": ["\#(OpenAI.embeddingModel)", null]},
                "input": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": \#(OpenAIRoutes.inputLimit)}]},
                "encoding_format": {"enum": ["float", "base64", null]}
              }
            },
            "Usage": {
              "type": "object", "required": ["prompt_tokens", "total_tokens"],
              "properties": {"prompt_tokens": {"type": "integer", "minimum": 0}, "completion_tokens": {"type": "integer", "minimum": 0}, "total_tokens": {"type": "integer", "minimum": 0}}
            },
            "EmbeddingList": {
              "type": "object", "required": ["object", "data", "model", "usage"],
              "properties": {
                "object": {"const": "list"}, "model": {"const": "\#(OpenAI.embeddingModel)"}, "usage": {"$ref": "#/components/schemas/Usage"},
                "data": {"type": "array", "items": {
                  "type": "object", "required": ["object", "index", "embedding"],
                  "properties": {
                    "object": {"const": "embedding"}, "index": {"type": "integer", "minimum": 0},
                    "embedding": {"anyOf": [{"type": "array", "items": {"type": "number"}}, {"type": "string", "description": "base64 of little-endian float32"}]}
                  }
                }}
              }
            },
            "ChatRequest": {
              "type": "object", "required": ["messages"],
              "description": "The last message whose role is user is the question; it must hold text (a string, or text parts) that is not only white space.",
              "properties": {
                "model": {"enum": ["\#(OpenAI.chatModel)", null]},
                "messages": {
                  "type": "array",
                  "items": {"type": "object", "required": ["role"], "properties": {
                    "role": {"type": "string"},
                    "content": {"anyOf": [{"type": "null"}, {"type": "string"}, {"type": "array", "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}, "text": {"type": ["string", "null"]}}}}]}
                  }},
                  "contains": {"type": "object", "required": ["role", "content"], "properties": {"role": {"const": "user"}, "content": {"anyOf": [
                    {"type": "string", "pattern": "\\S"},
                    {"type": "array", "contains": {"type": "object", "required": ["type", "text"], "properties": {"type": {"const": "text"}, "text": {"type": "string", "pattern": "\\S"}}}}
                  ]}}}
                },
                "stream": {"type": ["boolean", "null"]},
                "max_tokens": \#(integer(1...ask.mostAnswerTokens)),
                "max_completion_tokens": \#(integer(1...ask.mostAnswerTokens)),
                "temperature": \#(temperature)
              }
            },
            "ChatCompletion": {
              "type": "object", "required": ["id", "object", "created", "model", "choices", "usage", "rag"],
              "properties": {
                "id": {"type": "string"}, "object": {"const": "chat.completion"}, "created": {"type": "integer"}, "model": {"const": "\#(OpenAI.chatModel)"},
                "choices": {"type": "array", "minItems": 1, "maxItems": 1, "items": {
                  "type": "object", "required": ["index", "message", "finish_reason"],
                  "properties": {
                    "index": {"const": 0}, "finish_reason": {"enum": ["stop", "length"]},
                    "message": {"type": "object", "required": ["role", "content"], "properties": {"role": {"const": "assistant"}, "content": {"type": "string"}}}
                  }
                }},
                "usage": {"$ref": "#/components/schemas/Usage"},
                "rag": {"$ref": "#/components/schemas/Answer"}
              }
            },
            "ChatChunk": {
              "type": "object", "required": ["id", "object", "created", "model", "choices"],
              "properties": {
                "id": {"type": "string"}, "object": {"const": "chat.completion.chunk"}, "created": {"type": "integer"}, "model": {"const": "\#(OpenAI.chatModel)"},
                "choices": {"type": "array", "items": {
                  "type": "object", "required": ["index", "delta"],
                  "properties": {"index": {"const": 0}, "finish_reason": {"enum": ["stop", "length"]}, "delta": {"type": "object", "properties": {"role": {"const": "assistant"}, "content": {"type": "string"}}}}
                }},
                "usage": {"$ref": "#/components/schemas/Usage"},
                "rag": {"$ref": "#/components/schemas/Answer"}
              }
            },
            "JSONRPCMessage": {
              "type": "object", "required": ["jsonrpc", "method"],
              "properties": {"jsonrpc": {"const": "2.0"}, "id": {"type": ["string", "integer"]}, "method": {"type": "string"}, "params": {"type": "object"}}
            },
            "JSONRPCResponse": {
              "type": "object", "required": ["jsonrpc"],
              "properties": {
                "jsonrpc": {"const": "2.0"}, "id": {"type": ["string", "integer", "null"]}, "result": {"type": "object"},
                "error": {"type": "object", "required": ["code", "message"], "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}}
              }
            }
          }
        }
        """#
}
