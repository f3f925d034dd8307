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
        store
            .put(key, &Conversation::default())
            .await
            .expect("put");
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
