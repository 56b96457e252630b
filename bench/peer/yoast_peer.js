// Yoast's own figures for the pages bench/peer_yoast.py sends on stdin.
// Run only from bench/peer_yoast.py, which installs the GPL-3.0 yoastseo
// package into a throwaway folder outside this repository and points
// NODE_PATH there. Nothing of yoastseo is copied into this project.
//
// stdin:  [{"name": "...", "html": "<p>...</p>..."}]
// stdout: [{"name", "sentences", "passive", "transition", "flesch", "sameStart"}]
"use strict";

const { Paper } = require("yoastseo");
const EnglishResearcher = require("yoastseo/build/languageProcessing/languages/en/Researcher").default;
const buildTree = require("yoastseo/build/parse/build/build").default;
const LanguageProcessor = require("yoastseo/build/parse/language/LanguageProcessor").default;

function measure(page) {
  const paper = new Paper(page.html, { locale: "en_US" });
  const researcher = new EnglishResearcher(paper);
  paper.setTree(buildTree(paper, new LanguageProcessor(researcher)));
  const passive = researcher.getResearch("getPassiveVoiceResult");
  const transitions = researcher.getResearch("findTransitionWords");
  const flesch = researcher.getResearch("getFleschReadingScore");
  const beginnings = researcher.getResearch("getSentenceBeginnings");
  return {
    name: page.name,
    sentences: passive.total,
    passive: passive.total ? passive.passives.length / passive.total : 0,
    transition: transitions.totalSentences
      ? transitions.transitionWordSentences / transitions.totalSentences
      : 0,
    flesch: typeof flesch === "object" ? flesch.score : flesch,
    // Yoast flags three or more consecutive sentences opening with one word.
    sameStart: beginnings.filter((b) => b.count >= 3).length,
  };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map(measure)) + "\n");
});
