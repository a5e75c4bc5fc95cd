/// Undoes RFC 3676 `format=flowed`, so text reads as the paragraphs its author typed.
enum FlowedText {
    /// RFC 3676 format=flowed: joins soft-broken lines (ending in a space) into paragraphs, handles
    /// quote depth (">" prefixes; lines of different depth never join), space-stuffing (remove one
    /// leading space), the signature separator "-- " never flowing, and DelSp=yes (remove the trailing
    /// space when joining). Lines end in "\n" on output; quoted lines are written as ">" repeated to
    /// their depth, then a space, then the text.
    ///
    /// A flowed line that cannot join its successor (different depth, signature separator or end of
    /// text) ends its paragraph as it is, as RFC 3676 §4.5 asks for improperly flowed text.
    static func unflow(_ text: String, delSp: Bool) -> String {
        var text = text
        let bytes: [UInt8] = text.withUTF8 { input in
            var out: [UInt8] = []
            out.reserveCapacity(input.count + 1)
            // Whether the last line written was flowed, so the next line continues it.
            var paragraphOpen = false
            var paragraphDepth = 0
            var i = 0
            let n = input.count
            while i < n {
                var lineEnd = i
                while lineEnd < n, input[lineEnd] != 0x0A { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > i, input[contentEnd - 1] == 0x0D { contentEnd -= 1 }

                var start = i
                while start < contentEnd, input[start] == 0x3E { start += 1 }  // ">"
                let depth = start - i
                if start < contentEnd, input[start] == 0x20 { start += 1 }  // space-stuffing
                let length = contentEnd - start
                let isSignatureSeparator = length == 3 && input[start] == 0x2D
                    && input[start + 1] == 0x2D && input[start + 2] == 0x20
                let isFlowed = !isSignatureSeparator && length > 0 && input[contentEnd - 1] == 0x20

                if paragraphOpen, depth != paragraphDepth || isSignatureSeparator {
                    out.append(0x0A)
                    paragraphOpen = false
                }
                if !paragraphOpen, depth > 0 {
                    out.append(contentsOf: repeatElement(0x3E, count: depth))
                    if length > 0 { out.append(0x20) }
                }
                let bodyEnd = isFlowed && delSp ? contentEnd - 1 : contentEnd
                out.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<bodyEnd]))
                if isFlowed {
                    paragraphOpen = true
                    paragraphDepth = depth
                } else {
                    out.append(0x0A)
                    paragraphOpen = false
                }
                i = lineEnd + 1
            }
            if paragraphOpen { out.append(0x0A) }
            return out
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
