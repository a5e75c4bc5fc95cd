extension Duration {
    /// The duration in seconds, for logs and `praxis` output.
    public var inSeconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
