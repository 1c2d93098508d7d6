import Foundation
import PackagePlugin

/// Embeds the files a target needs at run time as Swift string constants, so a binary copied out of
/// `.build` still has them: `HDL/*.v` in VerilogBackend (`EmbeddedHDL`), the bundled example formula
/// sets in Flows (`EmbeddedExamples`).
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let (enumName, folder, suffix): (String, String, String)
        switch target.name {
        case "VerilogBackend": (enumName, folder, suffix) = ("EmbeddedHDL", "HDL", ".v")
        case "Flows": (enumName, folder, suffix) = ("EmbeddedExamples", "Examples", ".txt")
        default: return []
        }
        let dir = root.appendingPathComponent(folder)
        let inputs = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(suffix) }.sorted().map { dir.appendingPathComponent($0) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("\(enumName).swift")
        return [.buildCommand(
            displayName: "Embedding \(folder)/*\(suffix) into \(target.name)",
            executable: try context.tool(named: "EmbedText").url,
            arguments: [output.path, enumName] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
