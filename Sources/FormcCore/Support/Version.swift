/// The compiler's version, recorded in every manifest.
public enum FormcVersion {
    public static let current = "0.1.0"
}
