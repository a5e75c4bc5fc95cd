import Foundation
import GRDB

/// A serialised classifier, newest `trainedAt` wins.
public struct ClassifierModelRecord: StoreRecord, Hashable {
    public static let databaseTableName = "classifier_models"
    public var id: Int64?
    public var model: Data
    public var trainedAt: Date
    public var trainingPosts: Int

    public init(id: Int64? = nil, model: Data, trainedAt: Date, trainingPosts: Int) {
        self.id = id
        self.model = model
        self.trainedAt = trainedAt
        self.trainingPosts = trainingPosts
    }

    enum CodingKeys: String, CodingKey {
        case id, model
        case trainedAt = "trained_at", trainingPosts = "training_posts"
    }
}
