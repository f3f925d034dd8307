use baton_bus::kv::{Decision, Store};
use baton_bus::subjects::Bucket;
use baton_proto::v1::Conversation;
use baton_testkit::TestNats;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_compare_and_set_updates_lose_nothing() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let store: Store<Conversation> = Store::open(&bus, Bucket::Conversations)
        .await
        .expect("open");

    // 40 writers each add one id to the same key at once.
    let writers = (0..40).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .update("acme.c-1", |current| {
                    let mut conversation = current.unwrap_or_default();
                    conversation.applied_event_ids.push(format!("e-{i}"));
                    Decision::Write(conversation, ())
                })
                .await
        })
    });
    for writer in futures::future::join_all(writers).await {
        writer.expect("join").expect("update");
    }

    let stored = store.get("acme.c-1").await.expect("get").expect("present");
    let mut ids = stored.value.applied_event_ids;
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40, "every concurrent update must survive");
}

#[tokio::test]
async fn keep_changes_nothing() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let store: Store<Conversation> = Store::open(&bus, Bucket::Conversations)
        .await
        .expect("open");
    let result = store
        .update("acme.c-1", |current| {
            assert!(current.is_none());
            Decision::<Conversation, _>::Keep("kept")
        })
        .await
        .expect("update");
    assert_eq!(result, "kept");
    assert!(store.get("acme.c-1").await.expect("get").is_none());
}

#[tokio::test]
async fn keys_are_listed_per_tenant_and_prefix_without_neighbours() {
    let nats = TestNats::start().await;
    let bus = nats.bus("test").await;
    let store: Store<Conversation> = Store::open(&bus, Bucket::Conversations)
        .await
        .expect("open");
    for key in ["acme.c-1", "acme.c-10", "acme.d-1", "acme-b.c-1", "acm.c-1"] {
        store.put(key, &Conversation::default()).await.expect("put");
    }

    let keys = |prefix: &'static str| {
        let store = store.clone();
        async move { store.keys_with_prefix(prefix).await.expect("list") }
    };
    assert_eq!(keys("acme.").await, ["acme.c-1", "acme.c-10", "acme.d-1"]);
    assert_eq!(keys("acme.c-1").await, ["acme.c-1", "acme.c-10"]);
    assert_eq!(keys("nobody.").await, Vec::<String>::new());
    assert_eq!(keys("").await.len(), 5);
}

#[tokio::test]
async fn what_is_held_about_conversations_expires_after_the_retention_and_configs_stay() {
    let nats = TestNats::start().await;
    let settings = baton_bus::BusSettings {
        retention_days: 2,
        ..nats.settings()
    };
    let bus = nats.bus_with(&settings, "test").await;
    let two_days = std::time::Duration::from_secs(2 * 24 * 3600);

    let js = bus.jetstream();
    for bucket in Bucket::ALL {
        let store = js.get_key_value(bucket.name()).await.expect("bucket");
        let max_age = store.status().await.expect("status").max_age();
        let expected = if bucket == Bucket::Configs {
            std::time::Duration::ZERO
        } else {
            two_days
        };
        assert_eq!(max_age, expected, "{}", bucket.name());
    }
    for stream in baton_bus::subjects::Stream::ALL {
        let mut found = js.get_stream(stream.name()).await.expect("stream");
        let max_age = found.info().await.expect("info").config.max_age;
        // Two days is under the 7 days any stream keeps at most.
        assert_eq!(max_age, two_days, "{}", stream.name());
    }
}

#[tokio::test]
async fn a_stream_size_limit_refuses_new_messages_instead_of_dropping_old_ones() {
    let nats = TestNats::start().await;
    let settings = baton_bus::BusSettings {
        stream_max_bytes: 64 * 1024 * 1024,
        ..nats.settings()
    };
    let bus = nats.bus_with(&settings, "test").await;

    for stream in baton_bus::subjects::Stream::ALL {
        let mut found = bus
            .jetstream()
            .get_stream(stream.name())
            .await
            .expect("stream");
        let config = found.info().await.expect("info").config.clone();
        assert_eq!(config.max_bytes, 64 * 1024 * 1024, "{}", stream.name());
        assert_eq!(
            config.discard,
            async_nats::jetstream::stream::DiscardPolicy::New,
            "{}",
            stream.name()
        );
    }
}
