/// The one place Praxis's version lives. `praxis --version` prints it, and `scripts/build-deb.sh`
/// takes the Debian package's version from that output, so the two cannot disagree. Raise it here
/// (and add a `debian/changelog` entry) when a release is cut.
public enum PraxisVersion {
    /// A Debian upstream version: digits and dots, so it sorts as operators expect under dpkg.
    public static let current = "0.20.0"
}
