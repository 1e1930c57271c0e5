# In the style of "Deep Learning with Python", predicting house prices: a build_model()
# function called in a k-fold loop, sizes taken from the data's shape.
from keras import models
from keras import layers
from keras.datasets import boston_housing
import numpy as np

(train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()
mean = train_data.mean(axis=0)
train_data -= mean
std = train_data.std(axis=0)
train_data /= std


def build_model():
    model = models.Sequential()
    model.add(layers.Dense(64, activation='relu', input_shape=(train_data.shape[1],)))
    model.add(layers.Dense(64, activation='relu'))
    model.add(layers.Dense(1))
    model.compile(optimizer='rmsprop', loss='mse', metrics=['mae'])
    return model


k = 4
num_val_samples = len(train_data) // k
all_scores = []
for i in range(k):
    print('processing fold #', i)
    val_data = train_data[i * num_val_samples: (i + 1) * num_val_samples]
    model = build_model()
    model.fit(train_data, train_targets, epochs=100, batch_size=1, verbose=0)
    val_mse, val_mae = model.evaluate(val_data, train_targets, verbose=0)
    all_scores.append(val_mae)

model = build_model()
model.fit(train_data, train_targets, epochs=80, batch_size=16, verbose=0)
