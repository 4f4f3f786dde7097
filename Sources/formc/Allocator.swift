#if canImport(CMimalloc)
import CMimalloc
#endif

/// The allocator `formc` runs on: mimalloc on Linux (Package.swift says why), linked for its
/// `malloc`, which replaces the C library's for the whole process. Named in `formc bench`'s output
/// — and that use of one of its functions is also what keeps the linker from dropping a library
/// nothing else names.
enum Allocator {
    static var name: String {
        #if canImport(CMimalloc)
        let version = Int(mi_version())  // 209 for 2.0.9
        return "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
        #else
        return "the C library's malloc"
        #endif
    }
}
