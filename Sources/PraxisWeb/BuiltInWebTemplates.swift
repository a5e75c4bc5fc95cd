/// The archive's default templates and stylesheet, the same text as `Config/templates/web/`
/// (written by `scripts/write-web-templates.py`; a test keeps them equal): compiled in so that a
/// page can always be rendered, whatever is installed.
enum BuiltInWebTemplates {
    static let files: [String: String] = [
        "error.html.mustache": ##"""
<h1>{{heading}}</h1>
<p>{{explanation}}</p>
<p><a href="{{links.home}}">Go to the start page of {{community}}</a></p>

"""##,
        "feed.atom.mustache": ##"""
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>{{id}}</id>
<title>{{title}}</title>
<updated>{{updated}}</updated>
<link rel="self" href="{{selfURL}}"/>
<link rel="alternate" type="text/html" href="{{pageURL}}"/>
<generator>Praxis</generator>
{{#entries}}
<entry>
<id>{{id}}</id>
<title>{{subject}}</title>
<updated>{{updated}}</updated>
<author><name>{{author}}</name></author>
<link rel="alternate" type="text/html" href="{{url}}"/>
<category term="{{subIssue}}"/>
<content type="text">{{text}}</content>
</entry>
{{/entries}}
</feed>

"""##,
        "home.html.mustache": ##"""
<h1>{{community}}</h1>
{{#hasObjectives}}
<h2>What we work on</h2>
<ul class="list">
{{#objectives}}
<li>{{.}}</li>
{{/objectives}}
</ul>
{{/hasObjectives}}
<form class="search-form" action="{{links.search}}" method="get" role="search">
<label class="label" for="q">Search the archive</label>
<div class="search-row">
<input class="input" id="q" name="q" type="search" maxlength="2000">
<button class="button" type="submit">Search</button>
</div>
<p class="hint">Words, "phrases", prefix*, from:name, sub:id, after:2004-03-01, before:2004-04-01. <a href="{{links.search}}">How to search</a></p>
</form>
{{#hasProducts}}
<h2>What the community produced</h2>
<ul class="list">
{{#products}}
<li>{{kind}}: <a href="{{url}}">{{subject}}</a> <span class="hint">({{subIssue}}, {{date}})</span>{{#note}}<br>{{note}}{{/note}}</li>
{{/products}}
</ul>
{{/hasProducts}}
<h2>Sub-issues</h2>
<table class="table">
<thead><tr><th scope="col">Sub-issue</th><th scope="col" class="number">Threads</th><th scope="col" class="number">Posts</th><th scope="col">Latest</th></tr></thead>
<tbody>
{{#subIssues}}
<tr><td><a href="{{url}}">{{name}}</a>{{#description}}<br><span class="hint">{{description}}</span>{{/description}}</td><td class="number">{{threads}}</td><td class="number">{{posts}}</td><td>{{latest}}</td></tr>
{{/subIssues}}
</tbody>
</table>
{{#hasCoreGroup}}
<h2>Core group</h2>
<ul class="list">
{{#coreGroup}}
<li><a href="{{url}}">{{name}}</a></li>
{{/coreGroup}}
</ul>
{{/hasCoreGroup}}
<h2>How to join</h2>
<p>Send a message with the word <code>subscribe</code> to <a href="{{subscribeLink}}">{{requestAddress}}</a>. Posts go to <a href="mailto:{{listAddress}}">{{listAddress}}</a>.</p>
{{#hasMonths}}
<h2>By month</h2>
<ul class="months">
{{#months}}
<li><a href="{{url}}">{{label}}</a> <span class="hint">({{posts}})</span></li>
{{/months}}
</ul>
{{/hasMonths}}

"""##,
        "layout.html.mustache": ##"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{title}} – {{community}}</title>
<link rel="stylesheet" href="{{links.stylesheet}}">
{{#feed}}
<link rel="alternate" type="application/atom+xml" title="{{title}}" href="{{feed}}">
{{/feed}}
</head>
<body>
<header class="masthead">
<a class="masthead-name" href="{{links.home}}">{{community}}</a>
{{^isSearchPage}}
<form class="masthead-search" action="{{links.search}}" method="get" role="search">
<label class="masthead-label" for="masthead-q">Search</label>
<input class="masthead-input" id="masthead-q" name="q" type="search" maxlength="2000">
<button class="masthead-button" type="submit">Go</button>
</form>
{{/isSearchPage}}
<div class="account">
{{#signedIn}}
<form class="account-form" method="post" action="{{links.signOut}}"><span class="account-name">Signed in as {{name}}</span> · {{#links.post}}<a class="account-link" href="{{links.post}}">Write</a> · {{/links.post}}<input type="hidden" name="form_token" value="{{formToken}}"><button class="link-button" type="submit">Sign out</button></form>
{{/signedIn}}
{{^signedIn}}
<a class="account-link" href="{{links.signIn}}">Sign in</a>
{{/signedIn}}
</div>
</header>
<main class="page">
{{content}}
</main>
<footer class="footer">
<p>{{community}} · an archive kept by Praxis{{#feed}} · <a href="{{feed}}">Atom feed</a>{{/feed}}</p>
</footer>
</body>
</html>

"""##,
        "member.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>{{name}}</h1>
{{#hasStandings}}
<h2>Circles</h2>
<table class="table">
<thead><tr><th scope="col">Sub-issue</th><th scope="col">Circle</th></tr></thead>
<tbody>
{{#standings}}
<tr><td><a href="{{url}}">{{name}}</a></td><td>{{circle}}</td></tr>
{{/standings}}
</tbody>
</table>
{{/hasStandings}}
<h2>What they wrote</h2>
<p>{{summary}}</p>
<ol class="threads">
{{#posts}}
<li><a href="{{url}}">{{subject}}</a><br><span class="hint">{{date}} · <a href="{{subIssueURL}}">{{subIssueName}}</a></span></li>
{{/posts}}
</ol>

"""##,
        "moderation.html.mustache": ##"""
<h1>Moderation</h1>
{{#outcome}}
<div class="{{#done}}notice-done{{/done}}{{^done}}error-summary{{/done}}" role="status">
<p>{{sentence}}</p>
</div>
{{/outcome}}
<h2>Held posts</h2>
{{^hasHeld}}<p class="lead">No post is waiting for you.</p>{{/hasHeld}}
{{#hasHeld}}<p class="hint">{{count}} waiting, oldest first. Approving sends a post to the list; rejecting tells its sender.</p>{{/hasHeld}}
{{#held}}
<article class="post held" id="held-{{id}}">
<h3 class="post-heading">{{subject}}</h3>
<dl class="facts">
<dt>From</dt><dd>{{from}}</dd>
<dt>Sub-issue</dt><dd>{{subIssue}}</dd>
<dt>Held because</dt><dd>{{reason}}</dd>
<dt>Held</dt><dd>{{heldAt}}, until {{expiresAt}}</dd>
</dl>
{{#hasText}}<blockquote class="preview">{{text}}</blockquote>{{/hasText}}
<form method="post" action="{{action}}" class="decision">
<input type="hidden" name="form_token" value="{{formToken}}">
<input type="hidden" name="held" value="{{id}}">
<div class="field">
<label class="label" for="reason-{{id}}">Reason for the sender, if you reject (optional)</label>
<input class="input" id="reason-{{id}}" name="reason" type="text" maxlength="1000">
</div>
<button class="button" type="submit" name="decision" value="approve">Approve</button>
<button class="button button-warning" type="submit" name="decision" value="reject">Reject</button>
</form>
</article>
{{/held}}
{{#report}}
<h2>Last week's figures</h2>
<p class="hint">Week {{week}}, {{from}} to {{to}}, as in the weekly report.</p>
<dl class="facts">
<dt>Posts</dt><dd>{{posts}} (the four weeks before: {{previousMean}} a week)</dd>
<dt>Threads</dt><dd>{{threads}}, {{newThreads}} new</dd>
<dt>Contributors</dt><dd>{{contributors}}, {{newContributors}} new</dd>
<dt>Members</dt><dd>{{members}} ({{joined}} joined, {{left}} left)</dd>
</dl>
<div class="figures-scroll">
<table class="figures">
<thead><tr><th scope="col">Sub-issue</th><th scope="col">Posts</th><th scope="col">Threads</th><th scope="col">Contributors</th><th scope="col">Inner circle</th></tr></thead>
<tbody>
{{#subIssues}}<tr><th scope="row">{{name}}</th><td>{{posts}}</td><td>{{threads}}</td><td>{{contributors}}</td><td>{{innerCircle}}</td></tr>
{{/subIssues}}</tbody>
</table>
</div>
{{/report}}

"""##,
        "month.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>{{label}}</h1>
<p>{{summary}}</p>
{{#hasPosts}}
<ol class="threads">
{{#posts}}
<li><a href="{{url}}">{{subject}}</a><br><span class="hint">{{author}} · {{date}} · <a href="{{subIssueURL}}">{{subIssueName}}</a></span></li>
{{/posts}}
</ol>
{{/hasPosts}}
<nav class="pagination" aria-label="Months">
{{#previous}}<a href="{{previous}}" rel="prev">{{previousLabel}}</a>{{/previous}}
{{#next}}<a href="{{next}}" rel="next">{{nextLabel}}</a>{{/next}}
</nav>

"""##,
        "post-sent.html.mustache": ##"""
<h1>Your post is on its way</h1>
<p class="lead">“{{subject}}” has gone to the list. Members get it by email, and it appears in the archive once it has been received, usually within a minute.</p>
<p>It will be at <a href="{{url}}">{{url}}</a>.</p>
<p><a href="{{back}}">{{backLabel}}</a></p>

"""##,
        "post.html.mustache": ##"""
{{#hasProblems}}
<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul class="list">{{#problems}}<li><a href="#{{field}}">{{message}}</a></li>{{/problems}}</ul>
</div>
{{/hasProblems}}
{{#reply}}
<h1>Reply</h1>
<p class="lead">Your reply goes to the list from {{address}}, as if you had written it by email.</p>
<article class="post post-quoted">
<h2 class="post-heading">{{author}} <span class="hint">{{date}}</span></h2>
<p class="post-subject"><a href="{{url}}">{{subject}}</a></p>
<blockquote class="text">{{text}}</blockquote>
</article>
{{/reply}}
{{^reply}}
<h1>Start a thread</h1>
<p class="lead">Your post goes to the list from {{address}}, as if you had written it by email.</p>
{{/reply}}
<form method="post" action="{{action}}" novalidate>
<input type="hidden" name="form_token" value="{{formToken}}">
{{#reply}}<input type="hidden" name="reply" value="{{messageID}}">{{/reply}}
{{^reply}}
<div class="field{{#subIssueProblem}} field-error{{/subIssueProblem}}">
<label class="label" for="sub_issue">Sub-issue</label>
{{#subIssueProblem}}<p class="error-message" id="sub_issue-error"><span class="visually-hidden">Error:</span> {{subIssueProblem}}</p>{{/subIssueProblem}}
<select class="input" id="sub_issue" name="sub_issue">
{{#subIssues}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}{{#isProtected}} (protected){{/isProtected}}</option>
{{/subIssues}}</select>
</div>
{{/reply}}
<div class="field{{#subjectProblem}} field-error{{/subjectProblem}}">
<label class="label" for="subject">Subject</label>
{{#subjectProblem}}<p class="error-message" id="subject-error"><span class="visually-hidden">Error:</span> {{subjectProblem}}</p>{{/subjectProblem}}
<input class="input" id="subject" name="subject" type="text" maxlength="200" value="{{subject}}">
</div>
<div class="field{{#textProblem}} field-error{{/textProblem}}">
<label class="label" for="text">Your post</label>
<p class="hint" id="text-hint">Plain text. Members get it by email; it appears in the archive once it has been received.</p>
{{#textProblem}}<p class="error-message" id="text-error"><span class="visually-hidden">Error:</span> {{textProblem}}</p>{{/textProblem}}
<textarea class="input textarea" id="text" name="text" rows="12" aria-describedby="text-hint">{{text}}</textarea>
</div>
<button class="button" type="submit">Send to the list</button>
</form>

"""##,
        "search.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>Search the archive</h1>
{{#problem}}
<div class="error-summary" role="alert">
<h2 class="error-summary-title">There is a problem</h2>
<p><a href="#q">{{problem}}</a></p>
</div>
{{/problem}}
<form class="search-form" action="{{links.search}}" method="get" role="search">
<label class="label" for="q">Words, "phrases", prefix*, from:, sub:, before:, after:</label>
<div class="search-row">
<input class="input" id="q" name="q" type="search" value="{{query}}" maxlength="2000" autocomplete="off">
<button class="button" type="submit">Search</button>
</div>
</form>
{{#showsHelp}}
<h2>How to search</h2>
<p>Every part must match; case and accents do not matter.</p>
<dl class="help">
<dt><code>bike lanes</code></dt><dd>posts holding both words, in the subject, text, author or sub-issue</dd>
<dt><code>"bike lanes"</code></dt><dd>those words side by side, in that order</dd>
<dt><code>cycl*</code></dt><dd>words starting so: cycle, cycling, cyclist</dd>
<dt><code>from:ana</code>, <code>from:"Ana Lima"</code></dt><dd>written by someone whose name or address holds that</dd>
<dt><code>sub:cycling</code></dt><dd>only in that sub-issue (its short name, as in its address)</dd>
<dt><code>after:2004-03-01</code>, <code>before:2004-04-01</code></dt><dd>dated that day or later; dated before that day</dd>
</dl>
{{/showsHelp}}
{{^showsHelp}}
{{#notices}}
<p class="notice">{{.}}</p>
{{/notices}}
{{#hasIgnored}}
<p class="hint">Left out, as there is nothing in them to search for: {{ignored}}</p>
{{/hasIgnored}}
<p>{{summary}}</p>
{{#hasHits}}
<p class="hint">{{#isNewest}}Newest first · <a href="{{bestURL}}">best match first</a>{{/isNewest}}{{#isBest}}Best match first · <a href="{{newestURL}}">newest first</a>{{/isBest}}</p>
<ol class="threads results">
{{#hits}}
<li>{{#url}}<a href="{{url}}">{{subject}}</a>{{/url}}{{^url}}{{subject}}{{/url}}<br>
<span class="hint"><a href="{{authorURL}}">{{author}}</a> · {{date}} · <a href="{{subIssueURL}}">{{subIssueName}}</a></span>
{{#hasSnippet}}<p class="snippet">{{#snippet}}{{#isMatch}}<mark>{{text}}</mark>{{/isMatch}}{{^isMatch}}{{text}}{{/isMatch}}{{/snippet}}</p>{{/hasSnippet}}</li>
{{/hits}}
</ol>
{{/hasHits}}
<nav class="pagination" aria-label="Pages">
{{#previous}}<a href="{{previous}}" rel="prev">Previous page</a>{{/previous}}
{{#next}}<a href="{{next}}" rel="next">Next page</a>{{/next}}
</nav>
{{/showsHelp}}

"""##,
        "settings.html.mustache": ##"""
{{#problem}}
<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul class="list"><li><a href="#delivery-fieldset">{{problem}}</a></li></ul>
</div>
{{/problem}}
{{#hasBanner}}
<div class="banner" role="status" aria-labelledby="banner-title">
<h2 id="banner-title">Saved</h2>
<ul class="list">{{#banner}}<li>{{.}}</li>{{/banner}}</ul>
</div>
{{/hasBanner}}
<h1>Your settings</h1>
<p class="lead">How mail from {{community}} comes to <strong>{{address}}</strong>. The same choices as the commands you can write to the list's request address.</p>
<form method="post" action="{{action}}" novalidate>
<input type="hidden" name="form_token" value="{{formToken}}">
<fieldset class="fieldset radios" id="delivery-fieldset" aria-describedby="delivery-hint">
<legend>How posts come</legend>
<p class="hint" id="delivery-hint">{{#deliveryIsDefault}}Now: as your circle has it ({{circleDefault}}). {{/deliveryIsDefault}}A choice for a topic below wins over this one.</p>
{{#delivery}}
<label><input type="radio" name="delivery" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/delivery}}
</fieldset>
<fieldset class="fieldset radios">
<legend>How often digests come</legend>
{{#digests}}
<label><input type="radio" name="digest" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/digests}}
</fieldset>
<fieldset class="fieldset radios" aria-describedby="format-hint">
<legend>How digests look</legend>
<p class="hint" id="format-hint">{{#formatIsDefault}}Now: as the community's digest is configured. {{/formatIsDefault}}The same as the command “set format”.</p>
{{#formats}}
<label><input type="radio" name="digest-format" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/formats}}
</fieldset>
<fieldset class="fieldset radios">
<legend>Your own posts</legend>
<input type="hidden" name="own-posts-shown" value="yes">
<label><input type="checkbox" name="own-posts" value="on"{{#ownPosts}} checked{{/ownPosts}}>{{ownPostsLabel}}</label>
</fieldset>
<fieldset class="fieldset radios">
<legend>Language of the mail you get</legend>
{{#languages}}
<label lang="{{value}}"><input type="radio" name="language" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/languages}}
</fieldset>
<h2>Topics</h2>
<p class="hint">Follow a topic to get all its posts as they arrive; mute it to get none of them.</p>
<table class="table settings-table">
<thead><tr><th scope="col">Topic</th><th scope="col">Posts come</th><th scope="col">Follow or mute</th></tr></thead>
<tbody>
{{#subIssues}}
<tr>
<th scope="row">{{name}}{{#isProtected}} <span class="hint">(closed group)</span>{{/isProtected}}</th>
<td><label class="visually-hidden" for="delivery-{{id}}">How posts of {{name}} come</label>
<select class="select" id="delivery-{{id}}" name="delivery-{{id}}">
{{#keepDelivery}}<option value="" selected>As chosen above</option>{{/keepDelivery}}
{{#modes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/modes}}
</select></td>
<td><label class="visually-hidden" for="follow-{{id}}">Follow or mute {{name}}</label>
<select class="select" id="follow-{{id}}" name="follow-{{id}}">
{{#keepFollow}}<option value="" selected>Neither</option>{{/keepFollow}}
<option value="follows"{{#follows}} selected{{/follows}}>Follow</option>
<option value="mutes"{{#mutes}} selected{{/mutes}}>Mute</option>
</select></td>
</tr>
{{/subIssues}}
</tbody>
</table>
<button class="button" type="submit" name="action" value="save">Save settings</button>
</form>
<h2>Your private feed</h2>
<p>Feed readers have no sign-in. This address shows them everything you can read here, closed groups you belong to included. Keep it to yourself.</p>
<p class="feed-url" id="feed-url">{{feedURL}}</p>
<form method="post" action="{{action}}">
<input type="hidden" name="form_token" value="{{formToken}}">
<button class="button button-secondary" type="submit" name="action" value="reset-feed">Make a new feed address</button>
</form>
<h2>Leave {{community}}</h2>
<p>You will get no more mail from the list and be signed out. You can come back later by writing “subscribe” to the request address.</p>
<form method="post" action="{{action}}">
<input type="hidden" name="form_token" value="{{formToken}}">
<button class="button button-warning" type="submit" name="action" value="leave">Leave {{community}}</button>
</form>

"""##,
        "sign-in-done.html.mustache": ##"""
<h1>{{heading}}</h1>
<p class="lead">{{explanation}}</p>
<p><a href="{{next}}">{{nextLabel}}</a></p>

"""##,
        "sign-in-link.html.mustache": ##"""
<h1>Sign in to {{community}}</h1>
<p class="lead">Press the button to sign in on this device.</p>
<form method="post" action="{{action}}">
<input type="hidden" name="form_token" value="{{formToken}}">
<button class="button" type="submit">Sign in</button>
</form>
<p class="hint">The link in your email works once. If you did not ask to sign in, close this page: nothing will happen.</p>

"""##,
        "sign-in-sent.html.mustache": ##"""
<h1>Check your email</h1>
<p class="lead">If {{address}} belongs to a member of {{community}}, we have sent a sign-in link to it.</p>
<p>The link works once, within {{minutes}} minutes. Open it on this device and press the button on the page it opens.</p>
<h2>If no email arrives</h2>
<p>Look in your spam folder, and check the address is the one you are subscribed with. Only a few links are sent to one address each hour.</p>
<p><a href="{{again}}">Ask for another link</a></p>

"""##,
        "sign-in.html.mustache": ##"""
{{#problem}}
<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">There is a problem</h2>
<ul class="list"><li><a href="#address">{{problem}}</a></li></ul>
</div>
{{/problem}}
<h1>Sign in</h1>
<p class="lead">Members of {{community}} sign in with a link sent to their email address. There is no password.</p>
<form method="post" action="{{action}}" novalidate>
<input type="hidden" name="form_token" value="{{formToken}}">
<div class="field{{#problem}} field-error{{/problem}}">
<label class="label" for="address">Email address</label>
<p class="hint" id="address-hint">The address you are subscribed to the list with.</p>
{{#problem}}<p class="error-message" id="address-error"><span class="visually-hidden">Error:</span> {{problem}}</p>{{/problem}}
<input class="input" id="address" name="address" type="email" autocomplete="email" spellcheck="false" value="{{address}}" aria-describedby="address-hint{{#problem}} address-error{{/problem}}">
</div>
<button class="button" type="submit">Send me a sign-in link</button>
</form>

"""##,
        "style.css": ##"""
/* Praxis archive: one column, system fonts, readable from 320 px up. No remote resources. */
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 100%; line-height: 1.5; color: #0b0c0c; background: #fff; }
body { margin: 0; }
a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; }
a:focus { outline: 3px solid transparent; background: #fd0; color: #0b0c0c; box-shadow: 0 -2px #fd0, 0 4px #0b0c0c; text-decoration: none; }
.masthead { background: #0b0c0c; padding: 0.75rem 1rem; }
.masthead-name, .masthead-name:visited { color: #fff; font-weight: 700; font-size: 1.125rem; text-decoration: none; }
.masthead-name:hover { text-decoration: underline; color: #fff; }
.masthead { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; }
.masthead-search { display: flex; align-items: center; gap: 0.4rem; }
.masthead-label { color: #fff; font-size: 0.9375rem; }
.masthead-input { width: 12rem; max-width: 45vw; font: inherit; font-size: 1rem; padding: 0.25rem 0.4rem; border: 2px solid #fff; }
.masthead-button { font: inherit; font-size: 0.9375rem; padding: 0.25rem 0.75rem; background: #fff; color: #0b0c0c; border: 2px solid #fff; cursor: pointer; }
.search-form { margin: 0 0 1.5rem; }
.search-form .hint { margin: 0.4rem 0 0; }
.label { display: block; font-weight: 700; margin-bottom: 0.35rem; }
.search-row { display: flex; gap: 0.5rem; }
.input { flex: 1; min-width: 0; font: inherit; padding: 0.4rem 0.5rem; border: 2px solid #0b0c0c; }
.input:focus, .masthead-input:focus { outline: 3px solid #fd0; outline-offset: 0; }
.button { font: inherit; font-weight: 700; padding: 0.4rem 1rem; background: #00703c; color: #fff; border: 0; box-shadow: 0 2px 0 #002d18; cursor: pointer; }
.error-summary { border: 5px solid #d4351c; padding: 1rem; margin-bottom: 1.5rem; }
.error-summary-title { margin-top: 0; }
.error-summary a { color: #d4351c; font-weight: 700; overflow-wrap: anywhere; }
.help dt { font-weight: 700; margin-top: 0.5rem; }
.help dd { margin: 0 0 0.25rem 0; }
.snippet { margin: 0.35rem 0 0; font-size: 0.9375rem; overflow-wrap: anywhere; }
mark { background: #fd0; color: #0b0c0c; padding: 0 0.1em; }
.page { max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
h1 { font-size: 2rem; line-height: 1.15; margin: 1rem 0 1.25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.375rem; line-height: 1.2; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.125rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 1rem; }
.lead { font-size: 1.1875rem; }
.hint { color: #505a5f; font-size: 0.9375rem; }
.breadcrumbs { font-size: 0.9375rem; margin: 0.5rem 0 0; }
.list { padding-left: 1.25rem; }
.list li { margin-bottom: 0.35rem; }
.threads { list-style: none; padding: 0; margin: 0 0 1.5rem; }
.threads li { border-bottom: 1px solid #b1b4b6; padding: 0.6rem 0; overflow-wrap: anywhere; }
.months { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.table { width: 100%; border-collapse: collapse; margin-bottom: 1.5rem; }
.table th, .table td { text-align: left; padding: 0.5rem 0.5rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
.table .number { text-align: right; }
.post { border-top: 2px solid #0b0c0c; padding-top: 0.5rem; margin-top: 1.5rem; }
.post-heading { font-size: 1.125rem; margin: 0 0 0.5rem; }
.post-subject { font-weight: 700; }
.post-links { font-size: 0.9375rem; }
.text, blockquote { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9375rem; margin: 0 0 1rem; }
.quote { margin: 0 0 1rem; }
.quote summary { color: #505a5f; cursor: pointer; font-size: 0.9375rem; }
blockquote { border-left: 4px solid #b1b4b6; padding-left: 0.75rem; color: #505a5f; margin: 0.5rem 0 0; }
.notice { border-left: 5px solid #1d70b8; padding: 0.5rem 0.75rem; background: #f3f2f1; }
.pagination { display: flex; justify-content: space-between; gap: 1rem; margin: 1.5rem 0; }
.footer { border-top: 1px solid #b1b4b6; padding: 1rem; color: #505a5f; font-size: 0.875rem; text-align: center; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f3f2f1; padding: 0 0.2em; }
.masthead { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.25rem 1rem; }
.account, .account-form { color: #fff; font-size: 0.9375rem; margin: 0; }
.account-link, .account-link:visited, .link-button { color: #fff; }
.link-button { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
.link-button:focus, .account-link:focus { outline: 3px solid #fd0; color: #0b0c0c; background: #fd0; }
.field { margin: 0 0 1.5rem; }
.field-error { border-left: 5px solid #d4351c; padding-left: 0.75rem; }
.label { display: block; font-weight: 700; font-size: 1.1875rem; margin-bottom: 0.25rem; }
.input { display: block; width: 100%; max-width: 30rem; font: inherit; font-size: 1.1875rem; padding: 0.35rem; border: 2px solid #0b0c0c; border-radius: 0; min-height: 2.5rem; }
.field-error .input { border-color: #d4351c; }
.input:focus { outline: 3px solid #fd0; outline-offset: 0; box-shadow: inset 0 0 0 2px; }
.error-message { color: #d4351c; font-weight: 700; margin: 0 0 0.5rem; }
.error-summary { border: 5px solid #d4351c; padding: 1rem; margin: 1rem 0 1.5rem; }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: #d4351c; font-weight: 700; }
.button { font: inherit; font-size: 1.1875rem; font-weight: 700; color: #fff; background: #00703c; border: 0; border-radius: 0; box-shadow: 0 2px 0 #002d18; padding: 0.5rem 0.85rem; min-height: 2.75rem; margin: 0 0 1.5rem; cursor: pointer; }
.button:hover { background: #005a30; }
.button:focus { outline: 3px solid transparent; background: #fd0; color: #0b0c0c; box-shadow: 0 2px 0 #0b0c0c; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { h1 { font-size: 1.5rem; } .table .hide-narrow { display: none; } }
.textarea { max-width: 40rem; min-height: 12rem; resize: vertical; }
.post-quoted blockquote { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 1rem; padding-left: 1rem; border-left: 5px solid #b1b4b6; }
.notice-done { border: 5px solid #00703c; padding: 0 1rem; margin: 1rem 0 1.5rem; }
.button-warning { background: #d4351c; box-shadow: 0 2px 0 #55150b; margin-left: 0.5rem; }
.button-warning:hover { background: #aa2a16; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.preview { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 1rem; padding-left: 1rem; border-left: 5px solid #b1b4b6; }
.figures { border-collapse: collapse; width: 100%; max-width: 40rem; }
.figures th, .figures td { text-align: left; padding: 0.35rem 0.5rem 0.35rem 0; border-bottom: 1px solid #b1b4b6; }
.figures td { text-align: right; }
@media (max-width: 40rem) { .facts { grid-template-columns: 1fr; } .facts dd { margin-bottom: 0.5rem; } .button-warning { margin-left: 0; } }
.figures-scroll { overflow-x: auto; max-width: 100%; }
/* Settings and leaving (issue 20) */
.button-secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
.button-secondary:hover { background: #dbdad9; }
.fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
.fieldset legend { font-weight: 700; font-size: 1.1875rem; margin-bottom: 0.35rem; }
.radios label { display: block; padding: 0.35rem 0; min-height: 2rem; }
.radios input { width: 1.5rem; height: 1.5rem; vertical-align: middle; margin-right: 0.5rem; }
.select { font: inherit; font-size: 1rem; padding: 0.3rem; border: 2px solid #0b0c0c; min-height: 2.5rem; max-width: 100%; }
.select:focus { outline: 3px solid #fd0; outline-offset: 0; }
.settings-table th[scope=row] { font-weight: 400; }
.settings-table td, .settings-table th { padding-right: 0.75rem; }
.banner { border: 5px solid #00703c; padding: 0.75rem 1rem; margin: 0 0 1.5rem; }
.banner h2 { margin-top: 0; }
.feed-url { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9375rem; overflow-wrap: anywhere; background: #f3f2f1; padding: 0.5rem; }
@media (max-width: 40rem) { .settings-table th, .settings-table td { display: block; border: 0; padding: 0.2rem 0; } .settings-table tr { display: block; border-bottom: 1px solid #b1b4b6; padding: 0.5rem 0; } .settings-table thead { display: none; } }

"""##,
        "sub-issue.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>{{name}}</h1>
{{#description}}
<p class="lead">{{description}}</p>
{{/description}}
<p>{{summary}}</p>
{{#hasThreads}}
<ol class="threads">
{{#threads}}
<li><a href="{{url}}">{{subject}}</a><br><span class="hint">{{posts}} · latest {{latest}}</span></li>
{{/threads}}
</ol>
{{/hasThreads}}
{{^hasThreads}}
<p>No threads yet.</p>
{{/hasThreads}}
<nav class="pagination" aria-label="Pages">
{{#newer}}<a href="{{newer}}" rel="prev">Newer threads</a>{{/newer}}
{{#older}}<a href="{{older}}" rel="next">Older threads</a>{{/older}}
</nav>

"""##,
        "thread.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a> › <a href="{{subIssueURL}}">{{subIssueName}}</a></p>
<h1>{{subject}}</h1>
{{#isThread}}
<p class="hint">{{summary}} · <a href="{{mboxURL}}">download as mbox</a></p>
{{/isThread}}
{{^isThread}}
<p class="hint"><a href="{{threadURL}}">the whole thread</a>{{#parentURL}} · <a href="{{parentURL}}">the message it answers</a>{{/parentURL}}</p>
{{/isThread}}
{{#posts}}
<article class="post" id="{{anchor}}">
<h2 class="post-heading"><a href="{{authorURL}}">{{author}}</a> <span class="hint">{{date}}</span></h2>
{{#isThread}}{{#subjectChanged}}<p class="post-subject">{{subject}}</p>{{/subjectChanged}}{{/isThread}}
{{#missingSource}}
<p class="notice">The original of this message is no longer stored; this is the text the archive kept of it.</p>
{{/missingSource}}
{{#blocks}}
{{#isQuote}}
<details class="quote"><summary>Quoted text ({{lineCount}})</summary>
<blockquote>{{#lines}}{{#pieces}}{{#link}}<a href="{{link}}" rel="nofollow noopener">{{text}}</a>{{/link}}{{^link}}{{text}}{{/link}}{{/pieces}}
{{/lines}}</blockquote>
</details>
{{/isQuote}}
{{^isQuote}}
<div class="text">{{#lines}}{{#pieces}}{{#link}}<a href="{{link}}" rel="nofollow noopener">{{text}}</a>{{/link}}{{^link}}{{text}}{{/link}}{{/pieces}}
{{/lines}}</div>
{{/isQuote}}
{{/blocks}}
{{#truncated}}
<p class="notice">The text is cut here; the <a href="{{rawURL}}">raw message</a> holds all of it.</p>
{{/truncated}}
{{#hasAttachments}}
<h3 class="attachments-heading">Attachments</h3>
<ul class="list">
{{#attachments}}
<li><a href="{{url}}" download>{{name}}</a> <span class="hint">{{type}}, {{size}}</span></li>
{{/attachments}}
</ul>
{{/hasAttachments}}
<p class="post-links"><a href="#{{anchor}}">link here</a> · <a href="{{url}}">permalink</a> · <a href="{{rawURL}}">raw source</a>{{#replyURL}} · <a href="{{replyURL}}">reply</a>{{/replyURL}}</p>
</article>
{{/posts}}

"""##,
        "unsubscribe.html.mustache": ##"""
<h1>Leave {{community}}?</h1>
<p class="lead">Press the button and <strong>{{address}}</strong> will get no more mail from the list: no posts, no digests.</p>
<form method="post" action="{{action}}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button class="button button-warning" type="submit">Leave {{community}}</button>
</form>
<p class="hint">Only pressing the button changes anything. If you would rather get fewer messages, sign in and choose a digest on your settings page instead.</p>

"""##,
    ]
}
