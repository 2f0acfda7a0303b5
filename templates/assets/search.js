/* Search page: works from file:// (data comes in <script> tags, never fetch).
 * Folding and ranking follow builder/search_folding.py and builder/search_query.py step by
 * step; the folding table itself comes from Python in search/index.js. */
(function () {
  "use strict";

  var data = self.cnSearchData || (self.cnSearchData = {});
  var PAGE_SIZE = 10;  // results per page: each may need its own block of posts loaded
  var TONES = "\u0300\u0301\u0303\u0309\u0323";
  var WORD = /[\p{L}\p{N}]+/gu;
  var ENDS_IN_WORD = /[\p{L}\p{N}]$/u;
  var TITLE = 1, TERMS = 2;
  var POST_LIMIT = 2097152;  // 2**21 posts: the sort key stays an exact integer
  var DIGIT_VALUE = new Int8Array(128);  // from the index: digit -> value (search.encode_number)

  // ------------------------------------------------------------------ folding --

  var FOLD = new Map();
  var manifest = data.index;

  /** The table from search/index.js: source characters, and their folds joined by spaces. */
  function readFoldTable(table) {
    var targets = table[1].split(" ");
    var i = 0;
    for (var ch of table[0]) FOLD.set(ch, targets[i++]);
  }

  /** Case-, tone- and mark-insensitive form: NFC, then the table, character by character. */
  function fold(text) {
    var out = "";
    for (var ch of text.normalize("NFC")) {
      var folded = FOLD.get(ch);
      out += folded === undefined ? ch : folded;
    }
    return out;
  }

  var folded = new Map();  // words of the results already folded (titles share many)

  /** fold, remembered for the words that results show. */
  function foldWord(word) {
    var value = folded.get(word);
    if (value === undefined) {
      value = fold(word);
      if (folded.size < 20000) folded.set(word, value);
    }
    return value;
  }

  /** Runs of letters and digits, in NFC. */
  function words(text) {
    return text.normalize("NFC").match(WORD) || [];
  }

  /** [letters with vowel marks, tone mark]: where the tone sits does not matter. */
  function accentKey(word) {
    var letters = "", tone = "";
    for (var c of word.normalize("NFD")) {
      if (TONES.indexOf(c) >= 0) tone = c; else letters += c;
    }
    return [letters.normalize("NFC"), tone];
  }

  // -------------------------------------------------------------------- query --

  /** Words of a query; the last may be unfinished unless the query ends after it. */
  function parseQuery(text) {
    text = text.normalize("NFC");
    var typed = words(text.toLowerCase());
    var stillTyping = ENDS_IN_WORD.test(text);
    var seen = new Set(), out = [];
    typed.forEach(function (word, i) {
      var item = {folded: fold(word), typed: word, prefix: stillTyping && i === typed.length - 1};
      var key = item.folded + "\u0000" + item.typed + "\u0000" + item.prefix;
      if (item.folded && !seen.has(key)) {
        seen.add(key);
        item.accented = fold(word) !== word;
        item.key = accentKey(word);
        out.push(item);
      }
    });
    return out;
  }

  /** Posts, field bits and places in the title (bit n: n-th word) of an encoded postings
   * list (see search.encode_postings). */
  function decodePostings(text, withFields) {
    var posts = new Int32Array(text.length), bits = new Uint8Array(text.length);
    var places = new Uint32Array(text.length);
    var n = 0, post = -1, value = 0, place = false;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT_VALUE[text.charCodeAt(i)];
      if (digit >= 32) { value = value * 32 + digit - 32; continue; }
      value = value * 32 + digit;
      if (place) { places[n - 1] = value; place = false; }
      else {
        if (withFields) { post += (value >>> 3) + 1; bits[n] = value & 7; }
        else post += value + 1;
        posts[n++] = post;
        place = (bits[n - 1] & TITLE) !== 0;
      }
      value = 0;
    }
    return {posts: posts.subarray(0, n), bits: bits.subarray(0, n),
            places: places.subarray(0, n)};
  }

  /** Shards that can hold `folded` (and, for a prefix, longer words): see
   * search_query.shards_for. */
  function shardsFor(shards, folded, prefix) {
    var home = null;
    shards.forEach(function (s) {
      if (folded.startsWith(s[0]) && (home === null || s[0].length > home.length)) home = s[0];
    });
    var names = [];
    shards.forEach(function (s) { if (s[0] === home) names.push(s[1]); });
    if (prefix) {
      shards.forEach(function (s) {
        if (s[0].startsWith(folded) && s[0] !== home) names.push(s[1]);
      });
    }
    return Array.from(new Set(names));  // small neighbours share a file
  }

  /** Does a word (by its accent key) carry the accents typed? See search_query. */
  function accentMatch(variantKey, word) {
    if (word.prefix) {
      return variantKey[0].startsWith(word.key[0]) &&
        (word.key[1] === "" || word.key[1] === variantKey[1]);
    }
    return variantKey[0] === word.key[0] && variantKey[1] === word.key[1];
  }

  /** 4 title, 3 tag or category, 2 summary, 1 article text. */
  function fieldScore(bits) {
    if (bits & TITLE) return 4;
    if (bits & TERMS) return 3;
    return bits ? 2 : 1;
  }

  // ------------------------------------------------------------------ loading --

  var base = "";
  var loading = new Map();

  /** The value a data file stores, loaded once with a <script> tag. */
  function load(name) {
    if (!loading.has(name)) {
      loading.set(name, new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = base + name + ".js";
        tag.onload = function () {
          var value = data[name];
          delete data[name];
          tag.remove();
          if (value === undefined) reject(new Error(name)); else resolve(value);
        };
        tag.onerror = function () { loading.delete(name); tag.remove(); reject(new Error(name)); };
        document.head.appendChild(tag);
      }));
    }
    return loading.get(name);
  }

  var shardCache = new Map();

  /** A word or body shard: {folded: {word as written: encoded postings}}, and the
   * decoded postings and accent keys of the words used so far. */
  function shard(name) {
    if (!shardCache.has(name)) {
      shardCache.set(name, load(name).then(function (content) {
        return {content: content, decoded: new Map(), keys: new Map()};
      }));
    }
    return shardCache.get(name);
  }

  /** The words of a shard that fold to `folded`, with accent keys and decoded postings. */
  function variants(s, folded, withFields) {
    return Object.keys(s.content[folded]).map(function (variant) {
      var id = folded + "\u0000" + variant;
      if (!s.decoded.has(id)) {
        s.decoded.set(id, decodePostings(s.content[folded][variant], withFields));
        s.keys.set(id, accentKey(variant));
      }
      return {key: s.keys.get(id), decoded: s.decoded.get(id)};
    });
  }

  var matchCache = new Map();  // the words of the previous queries: typing changes only one

  /** wordMatches, remembered for the last 64 words. */
  function cachedMatches(word) {
    var key = [word.folded, word.typed, word.prefix].join("\u0000");
    if (!matchCache.has(key)) {
      if (matchCache.size >= 64) matchCache.delete(matchCache.keys().next().value);
      var found = wordMatches(word);
      found.catch(function () { matchCache.delete(key); });
      matchCache.set(key, found);
    }
    return matchCache.get(key);
  }

  /** Best quality of `word` per post (field score * 4 + accents exact * 2 + whole; 0 where
   * it does not match), its places in the title (bit n: n-th word), and the posts where
   * it matches. */
  function wordMatches(word) {
    var kinds = [["words", true, word.prefix]];
    if (manifest.body.length) {
      kinds.push(["body", false, word.prefix && word.folded.length >= manifest.bodyPrefixMin]);
    }
    var jobs = [];
    kinds.forEach(function (kind) {
      shardsFor(manifest[kind[0]], word.folded, kind[2]).forEach(function (name) {
        jobs.push(shard(name).then(function (s) {
          return {shard: s, withFields: kind[1], prefix: kind[2]};
        }));
      });
    });
    return Promise.all(jobs).then(function (shards) {
      var best = new Uint8Array(manifest.count), found = [];
      var where = new Uint32Array(manifest.count);
      shards.forEach(function (s) {
        var folds = s.prefix ? Object.keys(s.shard.content).filter(function (folded) {
          return folded.startsWith(word.folded);
        }) : (Object.prototype.hasOwnProperty.call(s.shard.content, word.folded)
              ? [word.folded] : []);
        folds.forEach(function (folded) {
          var whole = folded === word.folded;
          variants(s.shard, folded, s.withFields).forEach(function (entry) {
            var exact = word.accented && accentMatch(entry.key, word);
            var bonus = (exact ? 2 : 0) + (whole ? 1 : 0);
            var posts = entry.decoded.posts, bits = entry.decoded.bits;
            var places = entry.decoded.places;
            for (var i = 0; i < posts.length; i++) {
              var quality = fieldScore(bits[i]) * 4 + bonus, post = posts[i];
              if (best[post] === 0) found.push(post);
              if (quality > best[post]) best[post] = quality;
              if (bits[i] & TITLE) where[post] |= places[i];
            }
          });
        });
      });
      return {best: best, where: where, found: found};
    });
  }

  /** Post numbers matching every word of `text`, best first. */
  function search(text) {
    var query = parseQuery(text).slice(0, manifest.maxWords);
    if (!query.length) return Promise.resolve({query: query, posts: []});
    return Promise.all(query.map(cachedMatches)).then(function (inOrder) {
      var perWord = inOrder.slice().sort(function (a, b) {
        return a.found.length - b.found.length;
      });
      // One number per post orders it: sums of field scores, exact accents, words side by
      // side in the title and whole words (larger first), then the post (newer first).
      var keys = new Float64Array(perWord[0].found.length), n = 0;
      perWord[0].found.forEach(function (post) {
        var field = 0, exact = 0, whole = 0, side = 0, i;
        for (i = 0; i < perWord.length; i++) {
          var quality = perWord[i].best[post];
          if (quality === 0) return;
          field += quality >> 2; exact += (quality >> 1) & 1; whole += quality & 1;
        }
        for (i = 1; i < inOrder.length; i++) {
          if ((inOrder[i - 1].where[post] << 1) & inOrder[i].where[post]) side++;
        }
        // (manifest.maxWords keeps every count below 64)
        keys[n++] = ((((255 - field) * 64 + 63 - exact) * 64 + 63 - side) * 64 + 63 - whole)
          * POST_LIMIT + post;
      });
      var sorted = keys.subarray(0, n).sort();
      var posts = new Array(n);
      for (var i = 0; i < n; i++) posts[i] = sorted[i] % POST_LIMIT;
      return {query: query, posts: posts};
    });
  }

  /** The records (see search.post_record) of these posts, from their blocks. */
  function posts(numbers) {
    return Promise.all(numbers.map(function (n) {
      return load(manifest.posts[Math.floor(n / manifest.block)]).then(function (records) {
        return records[n % manifest.block];
      });
    }));
  }

  // ------------------------------------------------------------------ display --

  /** Does this folded word match a word of the query? */
  function matches(query, folded) {
    return query.some(function (w) {
      return folded === w.folded || (w.prefix && folded.startsWith(w.folded));
    });
  }

  /** `text` as nodes, with the words that match the query in <mark>. */
  function highlighted(text, query) {
    var fragment = document.createDocumentFragment();
    text = text.normalize("NFC");
    var last = 0, found = false, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      if (!matches(query, foldWord(m[0]))) continue;
      fragment.append(text.slice(last, m.index));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      fragment.append(mark);
      last = m.index + m[0].length;
      found = true;
    }
    fragment.append(text.slice(last));
    fragment.found = found;
    return fragment;
  }

  /** A new element with a class and children. */
  function element(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }

  /** [empty link to a tag or category, its name]. */
  function termLink(number) {
    var term = manifest.terms[number];
    var link = element("a");
    link.href = root + term[1];
    return [link, term[0]];
  }

  /** One result: title, date and category, summary; the tags when the query matched one,
   * else a word that it matched only in the article text. */
  function resultItem(record, query) {
    var title = highlighted(record[0], query);
    var link = element("a", "", [title]);
    link.href = root + record[1];
    var time = element("time", "", [record[3]]);
    time.dateTime = record[2];
    // Pages without a date (Giới thiệu, Liên hệ) have none to show.
    var meta = element("p", "search-meta", record[2] ? [time] : []);
    var seen = title.found;
    if (record[5] >= 0) {
      var category = termLink(record[5]);
      var name = highlighted(category[1], query);
      seen = seen || name.found;
      category[0].append(name);
      meta.append(" · ", category[0]);
    }
    var item = element("li", "search-result", [element("h2", "search-result-title", [link]), meta]);
    if (record[4]) {
      var summary = highlighted(record[4], query);
      seen = seen || summary.found;
      item.append(element("p", "search-summary", [summary]));
    }
    var tags = record[6].map(termLink);
    var names = tags.map(function (t) { return highlighted(t[1], query); });
    if (names.some(function (f) { return f.found; })) {
      var list = element("p", "search-tags", [strings.tags + ": "]);
      tags.forEach(function (t, i) {
        t[0].append(names[i]);
        list.append(i ? ", " : "", t[0]);
      });
      item.append(list);
    } else if (!seen) {
      item.append(element("p", "search-tags", [strings.inText]));
    }
    return item;
  }

  /** 1234 -> "1.234" (or "1,234": the separator comes from the page). */
  function numberText(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, strings.thousands);
  }

  // --------------------------------------------------------------------- page --

  var section = document.querySelector("[data-search]");
  if (!section) return;
  var root = section.getAttribute("data-root");
  var strings = JSON.parse(section.getAttribute("data-strings"));
  var input = section.querySelector("input[name=q]");
  var form = input.form;
  var status = section.querySelector(".search-status");
  var list = section.querySelector(".search-results");
  var more = section.querySelector(".search-more");
  var pageTitle = document.title;
  var current = {result: null, shown: 0};  // the results on screen
  var sequence = 0;
  var typing = false;  // true once this history entry has been replaced while typing
  base = root + section.getAttribute("data-index");
  self.cnSearchTimings = [];

  if (!manifest) {
    status.textContent = strings.error;
    return;
  }
  readFoldTable(manifest.fold);
  for (var d = 0; d < manifest.digits.length; d++) DIGIT_VALUE[manifest.digits.charCodeAt(d)] = d;

  /** An interface string with {n} and {q} filled in. */
  function say(template, text, count) {
    return template.replace("{n}", numberText(count)).replace("{q}", text);
  }

  /** The next page of results, added below those on screen. */
  function showMore() {
    var result = current.result, start = current.shown;
    var mine = sequence;
    return posts(result.posts.slice(start, start + PAGE_SIZE)).then(function (records) {
      if (mine !== sequence) return;
      records.forEach(function (record) { list.append(resultItem(record, result.query)); });
      current.shown = start + records.length;
      more.hidden = current.shown >= result.posts.length;
    });
  }

  /** Search for `text` and show the first page of results. */
  function run(text) {
    var started = performance.now();
    var mine = ++sequence;
    document.title = text.trim() ? strings.search + ": " + text.trim() + " | " + pageTitle
      : pageTitle;
    if (!text.trim()) {
      current = {result: null, shown: 0};
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      section.setAttribute("data-shown", text);
      return Promise.resolve();
    }
    section.setAttribute("aria-busy", "true");
    if (!status.textContent) status.textContent = strings.loading;
    var ranked = 0, result;
    return search(text).then(function (found) {
      result = found;
      ranked = performance.now();
      return posts(result.posts.slice(0, PAGE_SIZE));
    }).then(function (records) {
      // The previous results stay on screen until these are ready: no flicker while typing.
      if (mine !== sequence) return;
      current.result = result;
      current.shown = records.length;
      list.replaceChildren.apply(list, records.map(function (record) {
        return resultItem(record, result.query);
      }));
      more.hidden = current.shown >= result.posts.length;
      var count = result.posts.length, shown = text.trim();
      status.textContent = count === 0 ? say(strings.none, shown, 0)
        : say(count === 1 ? strings.countOne : strings.count, shown, count);
      section.classList.toggle("search-empty", count === 0);
      section.removeAttribute("aria-busy");
      section.setAttribute("data-shown", text);
      self.cnSearchTimings.push({query: text, started: started, ranked: ranked,
                                 done: performance.now()});
    }, function () {
      if (mine !== sequence) return;
      section.removeAttribute("aria-busy");
      status.textContent = strings.error;
    });
  }

  /** The q= of the address. */
  function queryFromUrl() {
    return new URLSearchParams(location.search).get("q") || "";
  }

  /** Keep the query in the address: a new history entry when a search starts, then the
   * same entry updated while the reader types, so Back returns to the previous search. */
  function remember(text, push) {
    var url = new URL(location.href);
    if (text) url.searchParams.set("q", text); else url.searchParams.delete("q");
    if (url.href === location.href) return;
    history[push ? "pushState" : "replaceState"]({q: text}, "", url.href);
  }

  input.addEventListener("input", function () {
    remember(input.value, !typing);
    typing = true;
    run(input.value);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    remember(input.value, false);
    typing = false;
    run(input.value);
  });

  window.addEventListener("popstate", function () {
    typing = false;
    input.value = queryFromUrl();
    run(input.value);
  });

  more.addEventListener("click", function () {
    var first = current.shown;
    showMore().then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  // Arrow keys move between the box and the result links; "/" comes back to the box.
  section.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll(".search-result-title a"));
    var at = event.target === input ? -1 : links.indexOf(event.target);
    if (event.target !== input && at < 0) return;
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next >= links.length) return;
    event.preventDefault();
    (next < 0 ? input : links[next]).focus();
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "/" && target !== input && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)
        && !target.isContentEditable) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  /** Load every other data file, one at a time while the page is idle: a file's first use
   * costs 30-60 ms (read and parse) on a 10,000-article archive, which a reader would feel
   * between two keystrokes. The newest posts come first, as most searches show them. */
  function loadInBackground() {
    var names = manifest.posts.concat(
      manifest.words.map(function (s) { return s[1]; }),
      manifest.body.map(function (s) { return s[1]; }));
    var queue = Array.from(new Set(names));
    function idle(next) {
      // A hidden or headless page may never be idle: the timeout makes sure it goes on.
      if (self.requestIdleCallback) self.requestIdleCallback(next, {timeout: 50});
      else setTimeout(next, 20);
    }
    function next() {
      var name = queue.shift();
      if (name === undefined) {
        self.cnSearch.prefetched = true;  // for the benchmark: everything is in memory
        return;
      }
      load(name).then(function () { idle(next); }, function () { idle(next); });
    }
    idle(next);
  }

  input.value = queryFromUrl();
  run(input.value).then(loadInBackground);

  // For the tests: the same folding and ranking, callable from outside.
  self.cnSearch = {fold: fold, words: words, parseQuery: parseQuery, search: search};
})();
