import Foundation

extension VerilatorToolchain {
    /// Builds (or finds in the cache) and loads a design. A cached library that cannot be loaded, or
    /// that holds another design or bridge version (a truncated file, a disk error, a manual copy),
    /// is removed from the cache and rebuilt once.
    public func buildAndLoad(_ source: DesignSource) throws -> (BuiltDesign, SimulatedDesign) {
        let built = try build(source)
        do {
            return (built, try SimulatedDesign.load(built))
        } catch let error as VerilatorError where built.cacheHit && error.isDamagedLibrary {
            try evict(built)
            let rebuilt = try build(source)
            return (rebuilt, try SimulatedDesign.load(rebuilt))
        }
    }

    /// Removes a design's cache entry: renamed into scratch first, so no reader sees half of it.
    func evict(_ built: BuiltDesign) throws {
        let entry = URL(fileURLWithPath: built.directory)
        let lock = try FileLock(path: locksDirectory.appendingPathComponent(built.hash + ".lock").path)
        defer { lock.unlock() }
        let trash = scratchDirectory.appendingPathComponent("evicted-\(getpid())-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: scratchDirectory, withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: entry, to: trash)
        } catch {
            throw VerilatorError.cacheFailed("cannot remove the damaged cache entry \(entry.path): \(error.localizedDescription)")
        }
        try? FileManager.default.removeItem(at: trash)
    }
}

extension VerilatorError {
    /// True for load failures that mean the library file itself is bad, not the design.
    var isDamagedLibrary: Bool {
        switch self {
        case .loadFailed, .abiMismatch, .hashMismatch, .portMismatch: return true
        default: return false
        }
    }
}
