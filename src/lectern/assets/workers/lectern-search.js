/* lectern's search worker: Material's own worker (named in ?w=), taught Chinese.

   Indexing: each Chinese token of the index is indexed in its simplified form, at its position (so
   a match on it highlights the Chinese as written, in either script). Nothing else is added to the
   index: pinyin and the words inside longer words are looked up at query time (indexing them cost
   2.7× the time to the first result on the largest bench corpus, BENCHMARKS.md).

   Querying, before Material parses a query: tone marks and tone numbers are dropped and ü is v;
   Chinese is simplified and cut into the index's words; each Chinese word becomes itself and every
   longer word of the index that contains it (one character: the shortest words that hold it), each
   pinyin term (apart, joined, or one syllable) the words of the index whose pinyin has it at a
   syllable start; all as exact terms, with a sentinel
   Han character so that Material's segmenter keeps each word whole. The results' terms are mapped
   back to what was typed, for Material's "Missing:" line and the page's highlighting (?h=).

   Results: the matches in a result's text and title are marked here, in one pass per block, with
   the marks Material would make (it rebuilds a block once per match: seconds for a short pinyin
   term on a page that is one long block, BENCHMARKS.md "Time to the first result").

   The tables come with the index (search_index.json, config.lectern, see lectern.searchindex); what
   is derived from them (pinyin tails, containing words) is made at the first query that needs it,
   so that setting up adds nothing but lunr's own work before the first result.
   Material's worker handles {type: 0 SETUP, data: index}, {type: 2 QUERY, data: query} and
   answers {type: 3 RESULT, data: {items}}. */
(function () {
  "use strict"
  var SENTINEL = "\u3007"  // a Han character: Material's segmenter tries every slice before the last character
  var HAN = /\p{sc=Han}/u
  var HAN_RUN = /\p{sc=Han}+/gu
  var MAX_WORDS = 50  // words one typed term may stand for (the exactly spelled first: tails are sorted)
  var tables = { py: {}, t2s: {}, sub: {} }
  var tails = null  // [joined toneless pinyin from one syllable on, word], sorted; made at the first
  // pinyin query, not while the page waits for its first result
  var containing = null  // word -> the longer words of the index that contain it (at the first query)
  var longest = 1
  var groups = null  // the query being answered: typed term -> terms it stands for

  function simplify(text) {
    var out = ""
    for (var ch of text) out += tables.t2s[ch] || ch
    return out
  }

  function simplified(token) {
    var text = token.toString()
    if (!HAN.test(text)) return token
    var simple = simplify(text)
    return simple === text ? token : token.clone(function () { return simple })
  }

  function lowerBound(array, key) {
    var lo = 0, hi = array.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (array[mid][0] < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  function pinyinTails() {
    var out = []
    for (var word in tables.py) {
      var syllables = tables.py[word].split(" ")
      for (var i = 0; i < syllables.length; i++) {
        var tail = syllables.slice(i).join("")
        out.push([tail, word])
        if (tail.indexOf("v") >= 0) out.push([tail.replace(/v/g, "u"), word])
      }
    }
    return out.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0 })
  }

  function byPinyin(term) {  // words whose pinyin has ``term`` at a syllable start
    tails = tails || pinyinTails()
    var words = Object.create(null), n = 0
    for (var i = lowerBound(tails, term); i < tails.length && tails[i][0].startsWith(term) && n < MAX_WORDS; i++)
      if (!words[tails[i][1]]) { words[tails[i][1]] = 1; n++ }
    return Object.keys(words)
  }

  function withLonger(word) {
    if (!containing) {
      containing = Object.create(null)
      for (var longer in tables.sub)
        for (var inner of tables.sub[longer]) (containing[inner] = containing[inner] || []).push(longer)
    }
    if (!containing[word] && word.length === 1)  // one character: the words that hold it, shortest first
      containing[word] = Object.keys(tables.py).filter(function (w) { return w.length > 1 && w.indexOf(word) >= 0 })
        .sort(function (a, b) { return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0) })
    return [word].concat(containing[word] || []).slice(0, MAX_WORDS)
  }

  // A word as an exact term (no wildcard: it ends in a boost). The word itself weighs WHOLE in
  // every field; a longer word that contains it, or whose pinyin only begins with the typed
  // pinyin, weighs 1 and only in the text, so that a term page is first for its own name, not for
  // the longer terms that contain it (网络强国战略 for 网络强国).
  var WHOLE = 10
  function exact(word) { return word + SENTINEL + "^" + WHOLE }
  function longer(word) { return "text:" + word + SENTINEL + "^1" }

  function normalise(query) {
    groups = Object.create(null)
    var q = query.normalize("NFD")
      .replace(/u\u0308|u:/gi, "v")
      .replace(/[\u0300-\u036f]/g, "")
      .normalize("NFC")
      .replace(/\u00fc/gi, "v")
      .replace(/([a-z])[0-5](?![0-9])/gi, "$1")
    var out = []
    var parts = q.split(/\s+/).filter(Boolean)
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p]
      if (HAN.test(part) && !/[+\-:~^*"]/.test(part)) {
        part.replace(HAN_RUN, function (run) {
          var simple = simplify(run)
          for (var i = 0; i < simple.length;) {
            var n = Math.min(longest, simple.length - i)
            while (n > 1 && !tables.py[simple.slice(i, i + n)]) n--
            var word = simple.slice(i, i + n)
            i += n
            groups[word] = withLonger(word)
            out.push(exact(word))
            out.push.apply(out, groups[word].slice(1).map(longer))
          }
          return run
        })
        part.replace(/[^\p{sc=Han}\s]+/gu, function (rest) { out.push(rest); return rest })
      } else if (/^[a-z]+$/i.test(part)) {
        var lower = part.toLowerCase(), words = byPinyin(lower)
        // pinyin words typed apart ("wangluo qiangguo"): also the words spelled by the run
        var run = lower
        for (var j = p + 1; j < parts.length && /^[a-z]+$/i.test(parts[j]); j++) {
          var longerRun = run + parts[j].toLowerCase()
          var joined = byPinyin(longerRun)
          if (!joined.length) break
          run = longerRun
          words = words.concat(joined)
        }
        out.push(part)  // as typed too: English, or pinyin written on the page
        if (words.length) {
          words = Array.from(new Set(words))
          groups[lower] = [lower].concat(words)
          for (var w of words) {
            var spelled = tables.py[w].replace(/ /g, "")
            out.push(spelled === lower || spelled.replace(/v/g, "u") === lower || spelled === run ? exact(w) : longer(w))
          }
        }
      } else out.push(part)
    }
    return out.join(" ")
  }

  // Material reports, per result, which query terms it matched: report what was typed instead.
  function typedTerms(terms) {
    if (!groups) return terms
    var out = {}, covered = Object.create(null)
    for (var typed in groups) {
      var hit = false
      for (var t of groups[typed]) { covered[t] = 1; if (terms[t]) hit = true }
      out[typed] = hit
    }
    for (var term in terms) if (!covered[term]) out[term] = terms[term]
    return out
  }

  function setup(data) {
    if (data && data.config && data.config.lectern) tables = data.config.lectern
    for (var word in tables.py) longest = Math.max(longest, word.length)
    var lunr = self.lunr
    var add = lunr.Builder.prototype.add
    lunr.Pipeline.registerFunction(simplified, "lecternSimplified")
    // Material's extractor gives each field of each document a fresh position table, as
    // lunr.tokenizer.table, in the order of the fields: keep them, by location and field.
    var table = [], made = []
    Object.defineProperty(lunr.tokenizer, "table", {
      configurable: true, get: function () { return table }, set: function (t) { table = t; made.push(t) } })
    lunr.Builder.prototype.add = function (doc, attributes) {
      if (!this.lecternReady) { this.pipeline.add(simplified); this.lecternReady = true }
      made = []
      var out = add.call(this, doc, attributes), i = 0
      for (var field in this._fields)
        if (doc[field] !== undefined && made[i]) positionTables[doc.location + ":" + field] = made[i++]
      documents[doc.location] = doc
      return out
    }
    var search = lunr.Index.prototype.search
    lunr.Index.prototype.search = function (query) {
      var results = dedupe(search.call(this, query))
      return MATERIAL_MARKS ? results : markAll(results)
    }
  }

  // Material marks the matches of a result's fields by rebuilding a block's string once per match:
  // on a page whose text is one long block (the parallels table) a pinyin query's hundreds of
  // matches cost seconds. The same marks are made here in one pass per block (the block's slice
  // cut once), and Material is handed no positions for those fields, so it leaves them as marked.
  var positionTables = Object.create(null), documents = Object.create(null), marked = null
  function markAll(results) {
    marked = Object.create(null)
    for (var r = 0; r < results.length; r++) {
      var ref = results[r].ref, metadata = results[r].matchData.metadata, doc = documents[ref], fields = {}
      if (!doc) continue
      for (var term in metadata)
        for (var field in metadata[term]) {
          var entry = metadata[term][field]
          // tags is a list; a result's "terms" is Material's (the query's terms), not the field
          if (field === "tags" || field === "terms" || typeof doc[field] !== "string" || !entry || !entry.position) continue
          var at = fields[field] = fields[field] || []
          for (var p of entry.position) at.push(p)
        }
      for (field in fields) {
        var table = positionTables[ref + ":" + field]
        var html = table && fields[field].length ? mark(doc[field], table, fields[field], field !== "text") : null
        if (html === null) continue
        (marked[ref] = marked[ref] || {})[field] = html
        for (term in metadata) if (metadata[term][field]) metadata[term][field] = { position: [] }
      }
    }
    return results
  }

  // Material's highlight() for one string (internal/highlight): the first two blocks with a match
  // (with the text before, between and after them when ``full``), each match in <mark>. Null when
  // two matches overlap (Material's result would differ): Material then marks the field itself.
  function mark(input, table, positions, full) {
    var blocks = new Map(), cursor = 0, slices = []
    for (var p of positions.sort(function (a, b) { return a - b })) {
      var group = blocks.get(p >>> 20)
      if (!group) blocks.set(p >>> 20, group = [])
      group.push(p & 0xFFFFF)
    }
    for (var [block, indexes] of blocks) {
      var t = table[block]
      if (!t) return null
      var start = t[0] >>> 12, end = t[t.length - 1] >>> 12, length = t[t.length - 1] >>> 2 & 0x3FF
      if (full && start > cursor) slices.push(input.slice(cursor, start))
      var slice = input.slice(start, end + length), parts = [], at = 0
      for (var j of indexes) {
        if (!t[j]) return null
        var from = (t[j] >>> 12) - start, to = (t[j] >>> 2 & 0x3FF) + from
        if (from < at) return null
        parts.push(slice.slice(at, from), "<mark>", slice.slice(from, to), "</mark>")
        at = to
      }
      parts.push(slice.slice(at))
      cursor = end + length
      if (slices.push(parts.join("")) === 2) break
    }
    if (full && cursor < input.length) slices.push(input.slice(cursor))
    return slices.join("")
  }

  // Material gathers the positions of every matched term to highlight them; two terms at one
  // position (网络强国 reached from "wangluo" and from "qiangguo") would be marked twice and
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

  var post = self.postMessage.bind(self)
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data && message.data.items)
      for (var group of message.data.items)
        for (var item of group) {
          if (item.terms) item.terms = typedTerms(item.terms)
          if (marked && marked[item.location] && item.score) Object.assign(item, marked[item.location])
        }
    return post.apply(null, arguments)
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

  var params = new URLSearchParams(self.location.search)
  var worker = params.get("w") || ""
  // ?marks=material: Material marks the results itself (slower; the tests compare the two)
  var MATERIAL_MARKS = params.get("marks") === "material"
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) throw new Error("lectern-search: no Material worker named")
  importScripts(worker)
})()
