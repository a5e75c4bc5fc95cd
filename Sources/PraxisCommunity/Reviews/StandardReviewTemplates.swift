/// The compiled-in default templates of the quarterly review and the management summary: exactly
/// the text of `Config/templates/review.txt.mustache`, `review.html.mustache` and
/// `summary.txt.mustache` (a test keeps them equal), so an installation without template files
/// still writes them.
enum StandardReviewTemplates {
    static let text = #"""
{{% CONTENT_TYPE: TEXT}}
{{community}} - review of {{quarter}}
{{period}} ({{timeZone}}){{#partial}} - the quarter is not over yet{{/partial}}

RECOMMENDATION: {{recommendation}}
{{#reasons}}
  - {{text}}
{{/reasons}}

THE CHECKLIST
{{#items}}
  [{{mark}}] {{title}}
      {{evidence}}
{{#subIssues}}
      [{{mark}}] {{evidence}}
{{/subIssues}}
{{/items}}

WHAT THE COMMUNITY PRODUCED
{{#products}}
  {{kind}}: {{subject}} ({{sub_issue}}, marked {{date}}){{#note}} - {{note}}{{/note}}
{{#link}}
      {{link}}
{{/link}}
{{/products}}
{{^products}}
  No thread was marked as a product this quarter (praxis products add).
{{/products}}

THE LAST DECISION
{{#lastDecision}}
  {{decision}} on {{date}} by {{by}} (review of {{quarter}}): {{note}}
{{/lastDecision}}
{{^lastDecision}}
  None recorded yet.
{{/lastDecision}}

Record what the core group agrees:
  praxis review decide continue|refocus|disband --note "..."
or mail the request address: review decide continue|refocus|disband NOTE
"""#

    static let html = #"""
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{community}} - review of {{quarter}}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#111827;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border-radius:6px;">
<tr><td style="padding:20px;">
<h1 style="font-size:20px;margin:0 0 4px 0;">{{community}}: review of {{quarter}}</h1>
<div style="font-size:13px;color:#4b5563;">{{period}} ({{timeZone}}){{#partial}}: the quarter is not over yet{{/partial}}</div>
</td></tr>
<tr><td style="padding:0 20px 16px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">Recommendation: {{recommendation}}</h2>
<ul style="margin:0;padding-left:20px;">
{{#reasons}}<li>{{text}}</li>
{{/reasons}}
</ul>
</td></tr>
<tr><td style="padding:0 20px 16px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">The checklist</h2>
{{#items}}
<div style="margin:0 0 10px 0;border-left:6px solid {{colour}};padding:4px 10px;">
<div><b>{{title}}</b> <span style="color:{{colour}};">({{mark}})</span></div>
<div style="font-size:13px;">{{evidence}}</div>
{{#subIssues}}<div style="font-size:12px;color:#4b5563;"><span style="color:{{colour}};">{{mark}}</span>: {{evidence}}</div>
{{/subIssues}}
</div>
{{/items}}
</td></tr>
<tr><td style="padding:0 20px 20px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">What the community produced</h2>
{{#products}}<div style="margin:0 0 6px 0;"><b>{{kind}}</b>: {{#link}}<a href="{{link}}">{{/link}}{{subject}}{{#link}}</a>{{/link}} ({{sub_issue}}, marked {{date}}){{#note}} – {{note}}{{/note}}</div>{{/products}}
{{^products}}<div>No thread was marked as a product this quarter.</div>{{/products}}
</td></tr>
<tr><td style="padding:0 20px 20px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">The last decision</h2>
{{#lastDecision}}<div><b>{{decision}}</b> on {{date}} by {{by}} (review of {{quarter}}): {{note}}</div>{{/lastDecision}}
{{^lastDecision}}<div>None recorded yet.</div>{{/lastDecision}}
<div style="font-size:12px;color:#6b7280;margin-top:8px;">Record what the core group agrees with <code>praxis review decide continue|refocus|disband --note "..."</code>, or mail the request address <code>review decide continue|refocus|disband NOTE</code>.</div>
</td></tr>
</table>
</td></tr></table>
</body>
</html>
"""#

    static let summary = #"""
{{% CONTENT_TYPE: TEXT}}
{{community}} - management summary, {{quarter}}
{{period}} ({{timeZone}})

HEALTH
  Posts                 {{posts}} ({{previousPosts}} in {{previousQuarter}})
  Active contributors   {{contributors}} ({{previousContributors}} in {{previousQuarter}})
  Conversations opened  {{openers}}, {{unanswered}} without a reply
  Protected spaces      {{protectedInUse}} of {{protectedSubIssues}} in use (their content stays among their members)

THE CHECKLIST
{{#items}}
  [{{mark}}] {{title}}
{{/items}}

RECOMMENDATION: {{recommendation}}

WHAT THE COMMUNITY PRODUCED
{{#products}}
  {{kind}}: {{subject}} ({{sub_issue}}, marked {{date}}){{#note}} - {{note}}{{/note}}
{{#link}}
      {{link}}
{{/link}}
{{/products}}
{{^products}}
  No thread was marked as a product this quarter (praxis products add).
{{/products}}

THE CORE GROUP'S LAST DECISION
{{#lastDecision}}
  {{decision}} on {{date}} (review of {{quarter}}): {{note}}
{{/lastDecision}}
{{^lastDecision}}
  None recorded yet.
{{/lastDecision}}

You receive this as the community's sponsor (organisation.sponsor).
"""#
}
