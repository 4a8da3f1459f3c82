/// A count with its English noun, as the status lines print it: "1 item", "2 items",
/// "1 reader", "0 readers".
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
}
