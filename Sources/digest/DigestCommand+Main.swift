import ArgumentParser

extension DigestCommand {
    /// Runs `digest`. A subcommand's name as the first argument goes straight to that
    /// subcommand: the root's own `[<source> ...]` would otherwise take it for a listing file,
    /// since ArgumentParser fills the root's positionals before it looks for a subcommand.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == Preview._commandName {
            await Preview.main(Array(arguments.dropFirst()))
        } else {
            await Self.main(arguments)
        }
    }
}
