import GRDB

extension PraxisDatabase {
    /// `write`, suspending the caller, but carried out and committed even when the caller's task
    /// is cancelled meanwhile (the async `write` gives up instead).
    ///
    /// Why: at a graceful shutdown some results must still reach the store, such as which
    /// messages a mail server has already accepted; given up, they would all be sent again after
    /// the restart. The transaction runs on the writer's own queue, so the caller's thread never
    /// waits for the commit.
    public func writeToCompletion<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws(StoreError) -> T {
        let path = self.path
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            pool.asyncWrite(body) { _, result in
                continuation.resume(returning: result.mapError { StoreError.wrapping($0, path: path, operation: operation) })
            }
        }
        return try result.get()
    }
}
