import GRDB

/// The schema, built only through the migrator so every database reaches the same shape by the same
/// steps. Never edit a registered migration: add `v2`, `v3`… after it.
///
/// Conventions: snake_case columns, `INTEGER PRIMARY KEY` ids, every time as Unix seconds in a `REAL`
/// column (sub-second precision, cheap range queries, no time-zone parsing in SQL), flags as
/// `INTEGER` 0/1, enumerations as `TEXT` with a `CHECK` so a typo cannot creep in.
///
/// Contributions (posts, threads started, replies given and received, per member, sub-issue and
/// window) have no table of their own: they are queries over `posts`, served by the indexes
/// `posts_by_author (author_address, sub_issue, date, kind, thread_id)` (since v5) and
/// `posts_by_thread (thread_id, date)`, so they can never drift from the posts and `--as-of`
/// replays history for free.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createVersion1)
        migrator.registerMigration("v2-commands", migrate: allowSettingsConfirmations)
        migrator.registerMigration("v2-moderation", migrate: createModerationIndexes)
        migrator.registerMigration("v2-circles", migrate: createCircleCandidates)
        migrator.registerMigration("v2-classification", migrate: createClassification)
        migrator.registerMigration("v2-digests", migrate: createDigestTables)
        migrator.registerMigration("v3-moderation-notices", migrate: createModerationNotices)
        migrator.registerMigration("v4-moderation-tokens", migrate: moderationTokensOnlyWhereMailed)
        migrator.registerMigration("v5-live-standings", migrate: boundLiveStandingEvaluation)
        migrator.registerMigration("v5-immediate-delivery", migrate: indexImmediateDelivery)
        migrator.registerMigration("v6-command-replies", migrate: createCommandReplies)
        migrator.registerMigration("v6-post-protection", migrate: protectThreadsByTheirRoot)
        migrator.registerMigration("v6-shared-outbox-bodies", migrate: shareOutboxBodies)
        migrator.registerMigration("v7-search", migrate: createSearchIndex)
        migrator.registerMigration("v7-archive-member-key", migrate: createArchiveMemberKey)
        migrator.registerMigration("v8-archive-indexes", migrate: createArchiveIndexes)
        migrator.registerMigration("v8-web-sessions", migrate: createWebSessions)
        migrator.registerMigration("v9-post-history", migrate: markImportedHistory)
        migrator.registerMigration("v9-review-decisions", migrate: createReviewDecisions)
        migrator.registerMigration("v9-webpost-web-posts", migrate: createWebPosts)
        migrator.registerMigration("v9-close-closed-replies", migrate: ClosedCommunityResponder.createClosedReplies)
        migrator.registerMigration("v9-close-invitations", migrate: PraxisDatabase.createInvitations)
        migrator.registerMigration("v9-settings-member-links", migrate: createMemberLinks)
        migrator.registerMigration("v10-digest-own-posts", migrate: addOwnPostsChoice)
        migrator.registerMigration("v10-lang-member-language", migrate: addMemberLanguage)
        migrator.registerMigration("v10-life-products", migrate: PraxisDatabase.createProducts)
        migrator.registerMigration("v11-search-pending-terms", migrate: gatherMoreSearchTerms)
        migrator.registerMigration("v11-search-hidden-posts", migrate: createHiddenPostsIndex)
        migrator.registerMigration("v12-search-deferred-merges", migrate: deferSearchMerges)
        return migrator
    }

    private static func createVersion1(_ db: Database) throws {
        // Threads come first: a post belongs to a thread, and a thread names its root post, so the
        // root is nullable and filled in right after the post is inserted.
        try db.execute(sql: """
            CREATE TABLE threads (
                id INTEGER PRIMARY KEY,
                root_post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
                subject TEXT NOT NULL,
                normalised_subject TEXT NOT NULL,
                sub_issue TEXT NOT NULL,
                started_at REAL NOT NULL,
                last_post_at REAL NOT NULL,
                post_count INTEGER NOT NULL DEFAULT 0,
                is_protected INTEGER NOT NULL DEFAULT 0
            );
            -- Only the index the subject fallback needs, and not on last_post_at: every post
            -- moves its thread's last_post_at, and an index holding it would cost a delete and
            -- an insert per post. The few threads sharing a subject are filtered by time.
            CREATE INDEX threads_by_subject ON threads(normalised_subject);

            CREATE TABLE posts (
                id INTEGER PRIMARY KEY,
                message_id TEXT UNIQUE,
                content_hash TEXT NOT NULL UNIQUE,
                author_address TEXT NOT NULL,
                author_name TEXT,
                date REAL NOT NULL,
                received_at REAL NOT NULL,
                subject TEXT NOT NULL,
                normalised_subject TEXT NOT NULL,
                sub_issue TEXT NOT NULL,
                classification_stage TEXT NOT NULL
                    CHECK (classification_stage IN ('explicit','thread','model','general','moderator')),
                confidence REAL,
                thread_id INTEGER NOT NULL REFERENCES threads(id),
                parent_post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
                in_reply_to TEXT,
                size INTEGER NOT NULL,
                file_name TEXT,
                kind TEXT NOT NULL CHECK (kind IN ('post','held','command','bounce','auto')),
                is_protected INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX posts_by_date ON posts(date);
            CREATE INDEX posts_by_sub_issue ON posts(sub_issue, date);
            CREATE INDEX posts_by_author ON posts(author_address, sub_issue, date);
            CREATE INDEX posts_by_thread ON posts(thread_id, date);
            -- Deliberately no index on parent_post_id or in_reply_to: each index costs every
            -- insert a B-tree write, and both are only ever searched within one thread
            -- (posts_by_thread) or from the child's side (the primary key). None on file_name
            -- either: the start-up rescan loads every known name in one scan
            -- (`knownFileNames`), and nothing else looks a post up by its file.

            -- The trimmed text, apart from the other columns so that a posts page holds many
            -- rows rather than two or three: lookups and updates of posts (threading, merges)
            -- then touch few pages, and the text is written once, in rowid order.
            CREATE TABLE post_texts (
                post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
                text TEXT NOT NULL
            );

            -- Message-IDs that posts reference but that we have not received (yet). Received
            -- messages are found through posts.message_id; a reference to a message we never got
            -- still ties its repliers into one thread, and when that message arrives it finds its
            -- thread (and its children) here and the row is removed.
            CREATE TABLE unresolved_references (
                message_id TEXT PRIMARY KEY,
                thread_id INTEGER NOT NULL REFERENCES threads(id)
            ) WITHOUT ROWID;
            CREATE INDEX unresolved_references_by_thread ON unresolved_references(thread_id);

            -- A message that arrived again (same Message-ID or same content): noted, not doubled.
            -- message_id and file_name are '' when there is none, so the triple stays unique
            -- (SQLite treats NULLs as distinct in UNIQUE).
            CREATE TABLE duplicates (
                id INTEGER PRIMARY KEY,
                post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
                message_id TEXT NOT NULL DEFAULT '',
                content_hash TEXT NOT NULL,
                file_name TEXT NOT NULL DEFAULT '',
                reason TEXT NOT NULL CHECK (reason IN ('message-id','content-hash')),
                received_at REAL NOT NULL,
                UNIQUE (content_hash, message_id, file_name)
            );
            CREATE INDEX duplicates_by_file_name ON duplicates(file_name);

            CREATE TABLE members (
                id INTEGER PRIMARY KEY,
                address TEXT NOT NULL UNIQUE,
                name TEXT,
                joined_at REAL NOT NULL,
                left_at REAL,
                status TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active','unsubscribed','disabled')),
                delivery TEXT NOT NULL DEFAULT 'default'
                    CHECK (delivery IN ('default','immediate','digest','none')),
                digest_frequency TEXT NOT NULL DEFAULT 'weekly'
                    CHECK (digest_frequency IN ('daily','weekly')),
                is_moderated INTEGER NOT NULL DEFAULT 0,
                bounce_score REAL NOT NULL DEFAULT 0,
                last_bounce_at REAL,
                bounce_disabled_at REAL
            );

            CREATE TABLE member_sub_issue (
                member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                sub_issue TEXT NOT NULL,
                standing TEXT NOT NULL DEFAULT 'outer' CHECK (standing IN ('core','inner','outer')),
                is_pinned INTEGER NOT NULL DEFAULT 0,
                since REAL NOT NULL,
                delivery_override TEXT CHECK (delivery_override IN ('immediate','digest','none')),
                follow TEXT NOT NULL DEFAULT 'default' CHECK (follow IN ('default','follows','mutes')),
                PRIMARY KEY (member_id, sub_issue)
            ) WITHOUT ROWID;
            CREATE INDEX member_sub_issue_by_standing ON member_sub_issue(sub_issue, standing);

            CREATE TABLE standing_transitions (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
                sub_issue TEXT NOT NULL,
                from_standing TEXT NOT NULL CHECK (from_standing IN ('core','inner','outer','none')),
                to_standing TEXT NOT NULL CHECK (to_standing IN ('core','inner','outer','none')),
                at REAL NOT NULL,
                reason TEXT NOT NULL
            );
            CREATE INDEX standing_transitions_by_time ON standing_transitions(at);
            CREATE INDEX standing_transitions_by_member ON standing_transitions(member_id, sub_issue, at);

            CREATE TABLE held_messages (
                id INTEGER PRIMARY KEY,
                post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
                file_name TEXT,
                token TEXT NOT NULL UNIQUE,
                reason TEXT NOT NULL,
                held_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                state TEXT NOT NULL DEFAULT 'held'
                    CHECK (state IN ('held','approved','rejected','expired')),
                decided_at REAL,
                decided_by TEXT
            );
            CREATE INDEX held_messages_by_state ON held_messages(state, expires_at);

            CREATE TABLE quarantine (
                id INTEGER PRIMARY KEY,
                file_name TEXT NOT NULL,
                reason TEXT NOT NULL,
                at REAL NOT NULL
            );
            CREATE INDEX quarantine_by_file_name ON quarantine(file_name);

            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('post','digest','report','notice','reply','moderation')),
                recipients TEXT NOT NULL,
                envelope_sender TEXT NOT NULL,
                message BLOB NOT NULL,
                state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL,
                last_error TEXT,
                created_at REAL NOT NULL,
                sent_at REAL,
                post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL
            );
            CREATE INDEX outbox_by_state ON outbox(state, next_attempt_at);
            CREATE INDEX outbox_by_post ON outbox(post_id);

            CREATE TABLE schedule_runs (
                id INTEGER PRIMARY KEY,
                schedule TEXT NOT NULL,
                due_at REAL NOT NULL,
                ran_at REAL NOT NULL,
                UNIQUE (schedule, due_at)
            );

            CREATE TABLE confirmations (
                id INTEGER PRIMARY KEY,
                token TEXT NOT NULL UNIQUE,
                purpose TEXT NOT NULL CHECK (purpose IN ('subscribe','unsubscribe','moderation')),
                address TEXT NOT NULL,
                payload TEXT,
                created_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                used_at REAL
            );
            CREATE INDEX confirmations_by_address ON confirmations(address, purpose);

            CREATE TABLE classifier_models (
                id INTEGER PRIMARY KEY,
                model BLOB NOT NULL,
                trained_at REAL NOT NULL,
                training_posts INTEGER NOT NULL DEFAULT 0
            );

            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID;
            """)
    }

    /// Each member's own language (issue 22 §1); NULL, as every existing row gets, means the
    /// community's `community.language`.
    static func addMemberLanguage(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE members ADD COLUMN language TEXT")
    }
}
