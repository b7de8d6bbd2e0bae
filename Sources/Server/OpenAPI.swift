import Foundation
import Hummingbird
import LLM
import Retriever

/// `GET /openapi.json`: an OpenAPI 3.1 description of every route of `rag serve`, so that clients
/// can be generated and the server tested against it (Tests/clients/api_schema.py runs schemathesis
/// on it). The limits the server enforces come from the constants that enforce them, so the
/// document cannot drift from them; the shapes of the bodies are in `OpenAPISchemas`.
enum OpenAPI {
    static let response = Response(
        status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: document)))

    /// The errors every route may give: no or wrong token (with `--token`), a foreign Host (without one).
    private static let accessErrors = #"""
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "403": {"$ref": "#/components/responses/Forbidden"}
        """#

    /// The errors of a route that takes a JSON body.
    private static let bodyErrors = #"""
        "400": {"$ref": "#/components/responses/BadRequest"},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "415": {"$ref": "#/components/responses/NotJSON"}
        """#

    /// The same errors in OpenAI's shape, for the OpenAI-compatible routes.
    private static let openAIBodyErrors = #"""
        "400": {"$ref": "#/components/responses/OpenAIBadRequest"},
        "401": {"$ref": "#/components/responses/OpenAIUnauthorized"},
        "403": {"$ref": "#/components/responses/OpenAIForbidden"},
        "413": {"$ref": "#/components/responses/OpenAITooLarge"},
        "415": {"$ref": "#/components/responses/OpenAINotJSON"}
        """#

    static let document = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "rag serve",
            "version": "1",
            "description": "Search and ask a folder of notes, offline. Every answer is JSON, each error {\"error\": \"...\"} with its status (the OpenAI-compatible routes use OpenAI's error shape). With --token every request but GET / needs Authorization: Bearer TOKEN; without one only requests addressed to a loopback host name are answered. Unknown fields in a body are ignored; a null field takes its default."
          },
          "servers": [{"url": "/"}],
          "security": [{}, {"bearer": []}],
          "paths": {
            "/": {
              "get": {
                "operationId": "page", "summary": "The page: ask a question, watch the answer stream in", "security": [{}],
                "responses": {"200": {"description": "One self-contained HTML file", "content": {"text/html": {"schema": {"type": "string"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}
              }
            },
            "/openapi.json": {
              "get": {
                "operationId": "openapi", "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}, \#(accessErrors)}
              }
            },
            "/healthz": {
              "get": {
                "operationId": "health", "summary": "Whether the server answers",
                "responses": {
                  "200": {"description": "Up", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"const": "ok"}}}}}},
                  \#(accessErrors)
                }
              }
            },
            "/v1/search": {
              "get": {
                "operationId": "search", "summary": "rag search --json: the passages that best match a query",
                "parameters": [
                  {"name": "q", "in": "query", "required": true, "description": "The query; not only white space", "schema": {"type": "string", "pattern": "\\S"}},
                  {"name": "k", "in": "query", "description": "How many passages", "schema": {"type": "integer", "minimum": \#(Routes.searchK.lowerBound), "maximum": \#(Routes.searchK.upperBound), "default": 10}},
                  {"name": "mode", "in": "query", "schema": {"type": "string", "enum": \#(names(RetrievalMode.allCases.map(\.rawValue))), "default": "hybrid"}},
                  {"name": "in", "in": "query", "description": "Only the notes under this folder or path prefix (repeatable); one that holds no note gives no results", "style": "form", "explode": true, "schema": {"type": "array", "items": {"type": "string"}}},
                  {"name": "rerank", "in": "query", "description": "false: the first stage alone, without ranking the first ten again by how well they answer", "schema": {"type": "boolean", "default": true}}
                ],
                "responses": {
                  "200": {"description": "The ranked passages", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchReport"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"$ref": "#/components/responses/NoStore"},
                  \#(accessErrors)
                }
              }
            },
            "/v1/ask": {
              "post": {
                "operationId": "ask", "summary": "rag ask --json, streamed as Server-Sent Events",
                "description": "The answer as it is written: `event: text` with data {\"text\": piece} (schema AskText) for each piece, then one `event: answer` whose data is what rag ask --json prints (schema Answer), or `event: error` with data {\"error\": message}. Answers are generated one at a time; up to --queue more wait, beyond that 503 with Retry-After at once. A client that hangs up stops its answer.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AskRequest"}}}},
                "responses": {
                  "200": {"description": "Server-Sent Events: text…, then answer or error", "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/AskEvent"}}}},
                  \#(bodyErrors),
                  "404": {"$ref": "#/components/responses/NoStore"},
                  "503": {"$ref": "#/components/responses/Busy"},
                  \#(accessErrors)
                }
              }
            },
            "/v1/chat": {
              "post": {
                "operationId": "chat", "summary": "rag chat over HTTP: a question that joins a kept conversation, streamed as Server-Sent Events",
                "description": "As POST /v1/ask, plus \"conversation\": the id of a conversation to go on with (absent or null: a new one). The question is searched in the light of the conversation's earlier turns (a short follow-up or one with pronouns carries their topic), within its scope. The first event is `conversation` with data {\"id\": id, \"searched_as\": query}: the id to send with the next question, and the question as it was searched; then /v1/ask's events. A follow-up that leans on the conversation is also searched within the notes the last answer cited. \"in\", when given, is the conversation's scope from this turn on ([]: all the notes again). The turn is kept in the store with the passages it cited.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatTurnRequest"}}}},
                "responses": {
                  "200": {"description": "Server-Sent Events: conversation, text…, then answer or error", "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/ChatTurnEvent"}}}},
                  \#(bodyErrors),
                  "404": {"description": "Nothing ingested yet, or no such conversation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "503": {"$ref": "#/components/responses/Busy"},
                  \#(accessErrors)
                }
              }
            },
            "/v1/conversations/{id}": {
              "get": {
                "operationId": "conversation", "summary": "rag chat --resume: a kept conversation, turn by turn",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
                "responses": {
                  "200": {"description": "The conversation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Conversation"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"description": "No such conversation, or nothing ingested yet", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "503": {"description": "The store cannot keep conversations (this user may not write it)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  \#(accessErrors)
                }
              }
            },
            "/v1/documents": {
              "get": {
                "operationId": "documents", "summary": "The notes in the store, by path, with their chunk counts",
                "parameters": [
                  {"name": "in", "in": "query", "description": "Only the notes under this folder or path prefix (repeatable)", "style": "form", "explode": true, "schema": {"type": "array", "items": {"type": "string"}}}
                ],
                "responses": {
                  "200": {"description": "The notes", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DocumentList"}}}},
                  "404": {"$ref": "#/components/responses/NoStore"},
                  \#(accessErrors)
                }
              }
            },
            "/v1/ingest": {
              "post": {
                "operationId": "ingest", "summary": "rag ingest --json of folders or files inside an --ingest-root",
                "description": "Paths must be absolute and lie, once links and .. are resolved, inside a folder given to rag serve with --ingest-root; without one every request is refused (403). The sync runs at low priority and stops (503; its commits are kept) when the client hangs up or the server stops.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestRequest"}}}},
                "responses": {
                  "200": {"description": "What the sync did", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestReport"}}}},
                  \#(bodyErrors),
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"description": "A path outside the ingest roots, no --ingest-root, or a foreign Host", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "503": {"$ref": "#/components/responses/Busy"}
                }
              }
            },
            "/v1/stats": {
              "get": {
                "operationId": "stats", "summary": "rag stats --json",
                "responses": {
                  "200": {"description": "What the store holds", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StoreStats"}}}},
                  "404": {"$ref": "#/components/responses/NoStore"},
                  \#(accessErrors)
                }
              }
            },
            "/v1/chunks/{id}": {
              "get": {
                "operationId": "chunk", "summary": "rag inspect chunk ID --json: one passage whole, from the store",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
                "responses": {
                  "200": {"description": "The chunk", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChunkReport"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"description": "No such chunk, or no store yet", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  \#(accessErrors)
                }
              }
            },
            "/v1/models": {
              "get": {
                "operationId": "listModels", "summary": "OpenAI's model list: the chat and the embedding model",
                "responses": {
                  "200": {"description": "The models", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ModelList"}}}},
                  "401": {"$ref": "#/components/responses/OpenAIUnauthorized"},
                  "403": {"$ref": "#/components/responses/OpenAIForbidden"}
                }
              }
            },
            "/v1/embeddings": {
              "post": {
                "operationId": "createEmbeddings", "summary": "OpenAI's embeddings: the vectors rag embed gives",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EmbeddingRequest"}}}},
                "responses": {
                  "200": {"description": "One vector per input, in order", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EmbeddingList"}}}},
                  \#(openAIBodyErrors),
                  "404": {"$ref": "#/components/responses/OpenAIUnknownModel"}
                }
              }
            },
            "/v1/chat/completions": {
              "post": {
                "operationId": "createChatCompletion", "summary": "OpenAI's chat completion: rag ask's answer to the last user message",
                "description": "The earlier user messages are the conversation: the last one is searched in their light, as rag chat searches a follow-up. With \"stream\": true the answer comes as Server-Sent Events: data lines of ChatChunk (the role first, then each piece, then one with finish_reason, usage and rag), then data: [DONE]; an error is a data line {\"error\": {...}}.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatRequest"}}}},
                "responses": {
                  "200": {
                    "description": "The completion, or its chunks with stream",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletion"}}, "text/event-stream": {"schema": {"$ref": "#/components/schemas/ChatEvent"}}}
                  },
                  \#(openAIBodyErrors),
                  "404": {"$ref": "#/components/responses/OpenAIUnknownModel"},
                  "503": {"$ref": "#/components/responses/OpenAIBusy"}
                }
              }
            },
            "/mcp": {
              "post": {
                "operationId": "mcp", "summary": "rag mcp's tools and notes over MCP's Streamable HTTP (stateless)",
                "description": "One JSON-RPC 2.0 message per request; the client must accept application/json. GET and DELETE (a stream, a session) are not offered: the transport is stateless and answers them 405. A request gets its JSON-RPC response (a result, or an error such as an unknown method or bad params, with status 200); a notification gets 202 and no body.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JSONRPCMessage"}}}},
                "responses": {
                  "200": {"description": "The JSON-RPC response", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JSONRPCResponse"}}}},
                  "202": {"description": "A notification, accepted"},
                  "400": {"description": "Not a JSON-RPC message, or its id is neither a string nor an integer", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JSONRPCResponse"}}}},
                  "406": {"description": "The client does not accept application/json", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JSONRPCResponse"}}}},
                  "413": {"$ref": "#/components/responses/TooLarge"},
                  "415": {"description": "The body is not sent as JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JSONRPCResponse"}}}},
                  \#(accessErrors)
                }
              }
            }
          },
          "components": \#(OpenAPISchemas.components)
        }
        """#

    /// A JSON array of strings, and null where null takes the default.
    static func names(_ values: [String], orNull: Bool = false) -> String {
        "[" + (values.map { "\"\($0)\"" } + (orNull ? ["null"] : [])).joined(separator: ", ") + "]"
    }
}
