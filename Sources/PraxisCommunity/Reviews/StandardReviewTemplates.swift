/// The compiled-in default templates of the quarterly review and the management summary: exactly
/// the text of `Config/templates/review.txt.mustache`, `review.html.mustache` and
/// `summary.txt.mustache` (a test keeps them equal), so an installation without template files
/// still writes them.
enum StandardReviewTemplates {
    static let text = #"""
{{% CONTENT_TYPE: TEXT}}
{{community}} - {{labels.reviewTitle}}
{{period}} ({{timeZone}}){{#partial}} - {{labels.notOver}}{{/partial}}

{{labels.RECOMMENDATION}}{{labels.colon}} {{recommendationWord}}
{{#reasons}}
  - {{text}}
{{/reasons}}

{{labels.CHECKLIST}}
{{#items}}
  [{{markWord}}] {{title}}
      {{evidence}}
{{#subIssues}}
      [{{markWord}}] {{evidence}}
{{/subIssues}}
{{/items}}

{{labels.PRODUCTS}}
{{#products}}
  {{kind}}{{labels.colon}} {{subject}} ({{sub_issue}}, {{marked}}){{#note}} - {{note}}{{/note}}
{{#link}}
      {{link}}
{{/link}}
{{/products}}
{{^products}}
  {{labels.noProducts}}
{{/products}}

{{labels.LAST_DECISION}}
{{#lastDecision}}
  {{sentence}}
{{/lastDecision}}
{{^lastDecision}}
  {{labels.noDecision}}
{{/lastDecision}}

{{labels.record}}{{labels.colon}}
  praxis review decide continue|refocus|disband --note "..."
{{labels.orMail}}{{labels.colon}} review decide continue|refocus|disband NOTE
"""#

    static let html = #"""
<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{community}} - {{labels.reviewTitle}}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Helvetica,Arial,sans-serif;color:#111827;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;background:#ffffff;border-radius:6px;">
<tr><td style="padding:20px;">
<h1 style="font-size:20px;margin:0 0 4px 0;">{{community}}{{labels.colon}} {{labels.reviewTitle}}</h1>
<div style="font-size:13px;color:#4b5563;">{{period}} ({{timeZone}}){{#partial}}{{labels.colon}} {{labels.notOver}}{{/partial}}</div>
</td></tr>
<tr><td style="padding:0 20px 16px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">{{labels.recommendation}}{{labels.colon}} {{recommendationWord}}</h2>
<ul style="margin:0;padding-left:20px;">
{{#reasons}}<li>{{text}}</li>
{{/reasons}}
</ul>
</td></tr>
<tr><td style="padding:0 20px 16px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">{{labels.checklist}}</h2>
{{#items}}
<div style="margin:0 0 10px 0;border-left:6px solid {{colour}};padding:4px 10px;">
<div><b>{{title}}</b> <span style="color:{{colour}};">({{markWord}})</span></div>
<div style="font-size:13px;">{{evidence}}</div>
{{#subIssues}}<div style="font-size:12px;color:#4b5563;"><span style="color:{{colour}};">{{markWord}}</span>: {{evidence}}</div>
{{/subIssues}}
</div>
{{/items}}
</td></tr>
<tr><td style="padding:0 20px 20px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">{{labels.products}}</h2>
{{#products}}<div style="margin:0 0 6px 0;"><b>{{kind}}</b>: {{#link}}<a href="{{link}}">{{/link}}{{subject}}{{#link}}</a>{{/link}} ({{sub_issue}}, {{marked}}){{#note}} – {{note}}{{/note}}</div>{{/products}}
{{^products}}<div>{{labels.noProducts}}</div>{{/products}}
</td></tr>
<tr><td style="padding:0 20px 20px 20px;">
<h2 style="font-size:16px;margin:0 0 8px 0;">{{labels.lastDecision}}</h2>
{{#lastDecision}}<div>{{sentence}}</div>{{/lastDecision}}
{{^lastDecision}}<div>{{labels.noDecision}}</div>{{/lastDecision}}
<div style="font-size:12px;color:#6b7280;margin-top:8px;">{{labels.record}}{{labels.colon}} <code>praxis review decide continue|refocus|disband --note "..."</code>, {{labels.orMail}}{{labels.colon}} <code>review decide continue|refocus|disband NOTE</code>.</div>
</td></tr>
</table>
</td></tr></table>
</body>
</html>
"""#

    static let summary = #"""
{{% CONTENT_TYPE: TEXT}}
{{community}} - {{labels.summaryTitle}}
{{period}} ({{timeZone}})

{{labels.HEALTH}}
  {{glance.posts}}{{postsAgainst}}
  {{glance.contributors}}{{contributorsAgainst}}
  {{glance.conversations}}{{conversations}}
  {{glance.protected}}{{protectedWords}}

{{labels.CHECKLIST}}
{{#items}}
  [{{markWord}}] {{title}}
{{/items}}

{{labels.RECOMMENDATION}}{{labels.colon}} {{recommendationWord}}

{{labels.PRODUCTS}}
{{#products}}
  {{kind}}{{labels.colon}} {{subject}} ({{sub_issue}}, {{marked}}){{#note}} - {{note}}{{/note}}
{{#link}}
      {{link}}
{{/link}}
{{/products}}
{{^products}}
  {{labels.noProducts}}
{{/products}}

{{labels.SUMMARY_LAST_DECISION}}
{{#lastDecision}}
  {{sentence}}
{{/lastDecision}}
{{^lastDecision}}
  {{labels.noDecision}}
{{/lastDecision}}

{{labels.sponsor}}
"""#
}
