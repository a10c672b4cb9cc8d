/* lectern's search worker: Material's own worker (named in ?w=), taught two things about Chinese.
 *
 * 1. Indexing. Each token of the index that is Chinese is mapped to its simplified form and joined
 *    by its pinyin (toneless, syllables apart and joined, ü as v and u) and the glossary word's
 *    parts, all at the token's position: a query in either script or in pinyin matches the
 *    Chinese as written on the page, and Material highlights it there.
 * 2. Querying. Before Material parses a query: tone marks and tone numbers are dropped, ü is v,
 *    Chinese is simplified and cut into the index's words (Material's own segmenter never tries a
 *    whole run: a sentinel character lets it), and joined pinyin ("wangluoqiangguo") that is no
 *    token of the index is cut into the pinyin of its words.
 *
 * The tables come with the index (search_index.json, config.lectern, see lectern.searchindex).
 * Material's worker handles messages {type: 0 SETUP, data: index} and {type: 2 QUERY, data: query}.
 */
(function () {
  "use strict"
  var SENTINEL = "\u3007"  // a Han character: Material's segmenter tries every slice before the last character
  var HAN = /\p{sc=Han}/u
  var HAN_RUN = /\p{sc=Han}+/gu
  var tables = { py: {}, t2s: {}, sub: {} }
  var pinyinWords = Object.create(null)  // joined toneless pinyin of a word -> 1
  var syllables = Object.create(null)  // toneless syllable -> 1
  var longest = 1
  var tokens = null  // sorted tokens of the built index

  function simplify(text) {
    var out = ""
    for (var ch of text) out += tables.t2s[ch] || ch
    return out
  }

  // One indexed token -> its simplified form, the dictionary words inside it, and the pinyin of
  // both: joined, every joined tail (a query may start at any syllable) and each syllable, with
  // ü as v and as u. All share the token's position, so a match highlights the Chinese.
  function expand(token) {
    var text = token.toString()
    if (!HAN.test(text)) return token
    var simple = simplify(text)
    var out = [], seen = Object.create(null)
    function add(s) {
      if (!s || seen[s]) return
      seen[s] = 1
      out.push(token.clone(function () { return s }))
      if (s.indexOf("v") >= 0 && !HAN.test(s)) add(s.replace(/v/g, "u"))
    }
    add(simple)
    var fields = token.metadata && token.metadata.fields || []
    if (fields.indexOf("names") >= 0) {  // a glossary term's own name: found whole, in Chinese or pinyin
      if (tables.py[simple]) add(tables.py[simple].replace(/ /g, ""))
      return out
    }
    var words = [simple].concat(tables.sub[simple] || [])
    for (var w = 0; w < words.length; w++) {
      add(words[w])
      var py = tables.py[words[w]]
      if (!py) continue
      var parts = py.split(" ")
      for (var i = 0; i < parts.length; i++) add(parts.slice(i).join(""))
      if (w === 0) for (var k = 0; k < parts.length; k++) add(parts[k])
    }
    return out
  }

  // Material gathers the positions of every matched term to highlight them; two terms at one
  // position (wang* matches "wangluo" and "wangluoqiangguo", both 网络) would be marked twice and
  // garble the text. Keep each position once.
  function dedupe(results) {
    for (var r = 0; r < results.length; r++) {
      var metadata = results[r].matchData.metadata, seen = Object.create(null)
      for (var term of Object.keys(metadata).sort())
        for (var field in metadata[term]) {
          var entry = metadata[term][field]
          if (!entry || !entry.position) continue
          entry.position = entry.position.filter(function (p) {
            var key = field + ":" + p
            return seen[key] ? false : (seen[key] = 1)
          })
        }
    }
    return results
  }

  function hasPrefix(term) {
    if (!tokens) return false
    var lo = 0, hi = tokens.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (tokens[mid] < term) lo = mid + 1
      else hi = mid
    }
    return lo < tokens.length && tokens[lo].startsWith(term)
  }

  // "wangluoqiangguo" -> ["wangluo", "qiangguo"]: the fewest pinyin words of the index, or null
  function splitPinyin(term) {
    var best = [[]]
    for (var i = 1; i <= term.length; i++) {
      best[i] = null
      for (var j = Math.max(0, i - 30); j < i; j++)
        if (best[j] && pinyinWords[term.slice(j, i)] && (!best[i] || best[j].length + 1 < best[i].length))
          best[i] = best[j].concat([term.slice(j, i)])
    }
    return best[term.length] && best[term.length].length > 1 ? best[term.length] : null
  }

  function cutChinese(run) {
    var simple = simplify(run), out = []
    for (var i = 0; i < simple.length;) {
      var n = Math.min(longest, simple.length - i)
      while (n > 1 && !tables.py[simple.slice(i, i + n)]) n--
      var word = simple.slice(i, i + n)
      // a whole word, never a prefix ("^1": Material adds no wildcard): 网络强国 is not 网络强国战略,
      // whose dictionary words (tables.sub) the index has at its position anyway
      // (one character stays a prefix, as Material makes it: 网 finds 网络 and 网民)
      out.push(word.length > 1 && tables.py[word] ? word + SENTINEL + "^1" : word)
      i += n
    }
    return " " + out.join(" ") + " "
  }

  function normalise(query) {
    var q = query.normalize("NFD")
      .replace(/u\u0308|u:/gi, "v")
      .replace(/[\u0300-\u036f]/g, "")
      .normalize("NFC")
      .replace(/\u00fc/gi, "v")
      .replace(/([a-z])[0-5](?![0-9])/gi, "$1")
    q = q.replace(HAN_RUN, cutChinese)
    // pinyin words typed apart that are one word of the index ("wangluo qiangguo"): that word too
    var latin = q.toLowerCase().split(/\s+/), joined = []
    for (var i = 0; i < latin.length; i++) {
      var run = latin[i]
      for (var j = i + 1; j < latin.length && /^[a-z]+$/.test(latin[j]); j++) {
        run += latin[j]
        if (pinyinWords[run]) joined.push(run + "^1")
      }
    }
    if (joined.length) q += " " + joined.join(" ")
    return q.split(/(\s+)/).map(function (part) {
      if (!/^[a-z]+$/i.test(part)) return part
      var lower = part.toLowerCase()
      if (pinyinWords[lower] || syllables[lower]) return lower + "^1"  // whole pinyin words and syllables
      if (hasPrefix(lower)) return part
      var pieces = splitPinyin(lower)
      return pieces ? pieces.join("^1 ") + "^1" : part
    }).join("").replace(/\s+/g, " ").trim()
  }

  function setup(data) {
    if (data && data.config && data.config.lectern) tables = data.config.lectern
    for (var word in tables.py) {
      pinyinWords[tables.py[word].replace(/ /g, "")] = 1
      for (var s of tables.py[word].split(" ")) syllables[s] = 1
      longest = Math.max(longest, word.length)
    }
    var lunr = self.lunr
    var add = lunr.Builder.prototype.add
    lunr.Pipeline.registerFunction(expand, "lecternChinese")
    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!this.lecternReady) {
        this.pipeline.add(expand)
        // Material's tokenizer drops lunr's metadata: give each token its field back (see expand)
        var tokenize = this.tokenizer
        this.tokenizer = function (input, metadata) {
          var tokens = tokenize(input, metadata)
          if (metadata && metadata.fields)
            for (var t = 0; t < tokens.length; t++) tokens[t].metadata.fields = metadata.fields
          return tokens
        }
        this.lecternReady = true
      }
      return add.call(this, doc, attributes)
    }
    var search = lunr.Index.prototype.search
    lunr.Index.prototype.search = function (query) { return dedupe(search.call(this, query)) }
    var build = lunr.Builder.prototype.build
    lunr.Builder.prototype.build = function () {
      var index = build.call(this)
      tokens = Object.keys(index.invertedIndex).sort()
      return index
    }
  }

  var listen = self.addEventListener.bind(self)
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen(type, listener, options)
    return listen(type, function (event) {
      var message = event.data
      if (message && message.type === 0) setup(message.data)
      else if (message && message.type === 2 && typeof message.data === "string")
        message = { type: 2, data: normalise(message.data) }
      return listener({ data: message })
    }, options)
  }

  var worker = new URLSearchParams(self.location.search).get("w") || ""
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) throw new Error("lectern-search: no Material worker named")
  importScripts(worker)
})()
