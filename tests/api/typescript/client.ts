// A small headless client typed by openapi-typescript from the served OpenAPI
// documents (tests/api/test_typescript.py generates pages-api.ts and
// clusters-api.ts next to this file and runs `tsc --strict` on it).
import type { components as Pages, paths as PagePaths } from "./pages-api";
import type { components as Clusters } from "./clusters-api";

type Page = Pages["schemas"];
type Detail = PagePaths["/api/v2/pages/{id}/"]["get"]["responses"][200]["content"]["application/json"];
type Preview = PagePaths["/api/v2/preview/"]["get"]["responses"][200]["content"]["application/json"];

const API = "http://127.0.0.1:8000/api/v2";

async function get<T>(path: string): Promise<T> {
  const response = await fetch(API + path);
  return (await response.json()) as T;
}

export function relatedTitles(page: Page["TopicPage"]): string[] {
  return page.cluster?.related.map((r) => r.title) ?? [];
}

export function topicUrls(page: Page["PillarPage"]): string[] {
  return page.cluster.topics.filter((t) => t.required).map((t) => t.url);
}

export function blockText(block: Page["TopicPage"]["body"][number]): string {
  switch (block.type) {
    case "lead":
      return block.value.question + block.value.answer;
    case "heading":
    case "paragraph":
      return block.value;
    case "faq":
      return block.value.title + block.value.items.map((i) => i.question).join(" ");
    case "cta":
      return block.value.url ?? block.value.label;
  }
}

export function faqQuestions(page: Page["PillarPage"] | Page["TopicPage"]): string[] {
  const ld = page.json_ld.flatMap((o) => (o["@type"] === "FAQPage" ? o.mainEntity.map((q) => q.name) : []));
  return [...page.faq.map((q) => q.question), ...ld];
}

export function head(page: Detail): { title: string; canonical: string | null } {
  // A content page has no `cluster` (TypeScript narrows on `in`, not on the nested meta.type).
  if (!("cluster" in page)) {
    return { title: page.seo?.title ?? page.title, canonical: page.seo?.canonical_url ?? null };
  }
  const crumbs = page.breadcrumbs.map((c) => `${c.title} ${c.url}`);
  const status = page.validation ? `${page.validation.status} at ${page.validation.checked_at}` : "unchecked";
  return { title: `${page.seo.title} (${status}; ${crumbs.length} crumbs, ${page.lead?.question ?? ""})`, canonical: page.seo.canonical_url };
}

export function previewId(page: Preview): number | null {
  const url: string | null | undefined = page.meta.html_url;
  return url ? page.id : null;
}

export async function cluster(pillarId: number): Promise<string[]> {
  const map = await get<Clusters["schemas"]["ClusterDetail"]>(`/clusters/${pillarId}/`);
  const topics = await get<Page["TopicPageList"]>(`/pages/?type=cluster.TopicPage&child_of=${pillarId}&fields=*`);
  const content = await get<Page["ContentPageList"]>(`/pages/?type=cluster.ContentPage&fields=*`);
  // null when no page of the cluster has a publish time (docs/api.md, "Pages").
  const checked: string = map.checked_at ? new Date(map.checked_at).toISOString() : "never published";
  return [
    ...map.edges.filter((e) => !e.realized).map((e) => `${e.source} -> ${e.target} (${e.kind})`),
    ...topics.items.flatMap(relatedTitles),
    ...topics.items.map((t) => t.body.map(blockText).join("\n")),
    ...content.items.map((c) => `${c.meta.slug}: ${c.body.length} blocks, ${c.json_ld.length} JSON-LD objects`),
    checked,
  ];
}
